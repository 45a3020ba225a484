#include "gis/app/invest_outputs.hpp"

#include "gis/app/invest_rows.hpp"

namespace jiuyou::app {

Result<void> write_invest_outputs(const std::string& dir, const InvestRun& run) {
  const invest_out::Names names(run.ws, run.check);
  TRY(invest_out::write_gpkg(dir + "/invest.gpkg", run, names));
  TRY(invest_out::write_xlsx(dir + "/项目库.xlsx", run, names));
  return invest_out::write_html(dir + "/invest.html", run, names);
}

}  // namespace jiuyou::app
