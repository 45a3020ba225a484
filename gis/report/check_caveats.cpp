#include "gis/report/check_caveats.hpp"

#include <algorithm>
#include <iterator>

#include "gis/report/html_page.hpp"

namespace jiuyou::report {

namespace {

// The notes that move verdicts, and what each does to the headline counts.
struct Caveat {
  const char* code;
  const char* effect;
};
constexpr Caveat k_caveats[] = {
    {"points_for_polygons",
     "本次的村是村点而不是村界，距离都从村点量起：村内的路、线、设施离村点远时也记为不达标，“不可出列”的村数可能偏多，结论需按村界核实。"},
    {"likely_gcj02", "有图层的坐标可能偏移了几百米（实为 GCJ-02 坐标，却没有按 GCJ-02 读入），各村的距离判断会因此出错，出列结论需在改正后重新检查。"},
    {"likely_bd09", "有图层的坐标可能偏移了几百米（实为 BD-09 坐标，却没有按 BD-09 读入），各村的距离判断会因此出错，出列结论需在改正后重新检查。"},
    // A statistics table that did not join (tour 14 N4: codes saved as 4.20323E+11 matched no village; rc 0, may exit 0,
    // no line on the console): every item that reads the table is unknown for those villages.
    {"code_digits_lost", "统计表的村代码以科学计数法（或数字）保存，已丢失位数，对不上村：这些村来自该表的数据都记为未知，“数据不全”的村数偏多，出列结论需在把代码列设为文本重新导出后重新检查。"},
    {"dbf_deleted_records", "有 Shapefile 的记录带删除标记（删除后未压缩），这些要素没有读入：若是村，它们不在名单上；请核实它们是否确应删除。"},
    {"join_unmatched", "有村在统计表中没有对应的行（代码对不上或缺行）：这些村来自该表的数据记为未知，不能判断能否出列，请先核对统计表的村代码。"},
    {"crs_ballpark", "有图层的坐标系（如西安 80、北京 54）只能近似转换到 CGCS2000，位置可能偏差几米到上百米：距离接近标准的村结论可能反过来，请用转换参数转为 CGCS2000 后重新检查。"},
    {"crs_overrides_file", "项目文件为有图层写的坐标系（crs）与文件自带的不同，已按项目的读入；若项目写错（如分带），该图层的位置整体偏移，读它的项目结论都会错，请先核实。"},
    // tour 18 S8: a network broken into pieces by unsnapped ends: "connected" fails for villages near a piece.
    {"network_loose_ends", "有线状图层（如道路）的许多线段端点离另一段只有几米却没有接上，路网被断成互不相连的几段：“连通”的判断偏严，部分村会被判为不达标，需接上端点（或放宽容差）后重新检查。"},
    {"areas_as_lines", "有供水范围或覆盖范围是线而不是面（面转线的结果）：闭合的线已围成面读入，不闭合的没有计入，范围内的村可能被判为不达标，请给出面图层后重新检查。"},
    {"villages_isolated", "村界互不相接，像是居民点（村庄建设用地）范围或缩小了的村界，而不是铺满全县的村域界：路、线、水源离居民点的远近与离村界不同，读它们的项目（饮水、道路、电网、宽带等）的结论会变，请换用村域界后重新检查（若图层只收了部分村且用的确是村域界，可不理会）。"},
    {"village_gaps", "村界之间有缝隙（村界被缩小或各自绘制）：缝隙里的道路、线路、水源不算任何一个村的，读它们的项目会偏严，部分村会被判为不达标，请先做拓扑检查（不重叠、无缝隙）后重新检查。"},
    {"village_overlaps", "村界相互重叠：一个村伸进邻村的部分会把邻村的道路、线路、水源算作本村的，读它们的项目会偏宽，请先做拓扑检查（不重叠、无缝隙）后重新检查。"},
    {"layer_far_from_villages", "有图层离各村太远（坐标系或分带可能用错），读它的项目记为未知，出列结论不完整。"},
    // The load's unit slips (gis/io/values.cpp, shares.cpp): each moves every village's verdict on the item that reads the column.
    {"money_implausibly_small",
     "有金额列看起来是以万元填写、却按元读入（单位没有写明或写错），读它的项目（如村集体经济收入）在各村都会判为不达标，出列结论需在改正单位后重新检查。"},
    {"money_unit_conflict", "有金额列的列名、单位行与表头上方写的金额单位不一致，已按数值判断用了其中一个；若判断不对，读它的项目在各村的结论都会反过来，请先核实单位。"},
    {"money_unit_doubtful", "有金额列按写明的单位（如百元、千元）读，各村的中位数超过 100 万元，偏高；若数值其实是元，读它的项目（如村集体经济收入）在各村的结论都会反过来，请先核实单位。"},
    {"money_unit_implausible", "有金额列写明的单位（如万元）与数值不符（按它读每村都是几亿元），已按元读入；若判断不对，读它的项目在各村的结论都会反过来，请先核实单位。"},
    {"percent_by_township", "有乡镇的比率（如收入增长率、参保率）按百分数填报，已换算为小数；请核实该乡镇的数据（不换算时全县平均值和各村结论都会错）。"},
    {"percent_township_ambiguous", "有乡镇的比率既不像小数也不像百分数，已记为未知：读它的项目在这些村数据不全，需核实后重新检查。"},
    // Relayed from h-units (tour 12 L1, L14, L34): the loader's new unit settlements, each decides a whole township's or column's verdicts.
    {"money_by_township", "有乡镇（或县）的金额按另一单位填报（如万元填在元的列里），已按数值换算；请核实该乡镇的单位（不换算时这些村的集体经济收入结论都会错）。"},
    {"ratio_far_outside", "有村的比率（如收入增长率）远超全县其他村，像是把百分数写成了数，已记为未知；保留它会拉高全县平均，使许多村的结论反过来，请核实。"},
    {"percent_header_over_fractions", "有比率列的列名写“%”，数值（或某个乡镇的数值）却是小数，已按小数读入；若判断不对，读它的项目（如参保率、收入增长率）在这些村的结论都会反过来，请先核实。"},
    // tour 13 M15: a township 10× (or more) every other under the same header, left as read: its villages' verdicts hang on its unit.
    // h-units4: every load warning that makes values unknown or rescales them (io::k_values_changed_warnings) opens 请先看.
    {"percent_as_number", "有比率列的数值按百分数填写（如 95），已全列按百分数读入（0.95）；若这一列其实是别的单位，读它的项目（如参保率、收入增长率）在各村的结论都会错，请先核实。"},
    {"share_hundred_as_percent", "有占比列中少数值大于 1（其余是小数），已按百分数换算（如 95 → 0.95）；若判断不对，读它的项目在这些村的结论会反过来，请先核实。"},
    {"share_unit_ambiguous", "有百分数列中的值在 0 到 1 之间（1% 还是 100%？），已记为未知：读它的项目在这些村数据不全，需核实后重新检查。"},
    {"share_out_of_range", "有占比列中的值大于 1 又无法判断单位，已记为未知：读它的项目在这些村数据不全，需核实后重新检查。"},
    {"percent_sign_on_fraction", "有比率写成小数后又加了「%」（如 0.0841%），按百分数读只有其他村的约百分之一，已记为未知：读它的项目在这些村数据不全，需改正后重新检查。"},
    {"text_in_numeric_field", "有数值列中的值不是数字，已记为未知（不当作 0）：读它的项目在这些村数据不全，需改正数据或在项目文件写明其意思后重新检查。"},
    {"unmapped_value", "有字段的值不在词表中（不认识），已记为未知：读它的项目在这些村（或这些要素）数据不全，需在项目文件写明其意思后重新检查。"},
    {"implausible_count", "有村的人数或户数多于它所属的总数（如贫困人口多于总人口），不可能：这样的数多已记为未知（读它的项目在这些村数据不全），其余按原值使用，请先核实后重新检查。"},
    // tour 18 S12, S25: impossible figures row by row
    {"negative_value", "有村的人数、户数、金额或比例是负数，不可能，已记为未知：读它的项目在这些村不作判断（负的贫困人口曾使一个村的贫困发生率达标），需改正后重新检查。"},
    {"money_row_implausible", "有村的金额远超出可能的范围（像是元的列里填了万元，或反过来），已记为未知：读它的项目（如村集体经济收入）在这些村不作判断，需改正单位后重新检查。"},
    {"duplicate_join_key", "统计表中同一村代码出现在内容不同的几行上，无法判断哪一行属于该村：这些村来自该表的数据记为未知，请先核对统计表。"},
    {"join_key_shared", "有几个村的代码相同，统计表的一行属于哪一个无法判断：这些村来自该表的数据记为未知，请先核对村的代码。"},
    // tour 17 R6: a stale row hidden instead of deleted repeats a visible row's code; the visible one is used.
    {"hidden_duplicate_row", "统计表中有隐藏行与看得见的行代码相同，已用看得见的行、不用隐藏行；若隐藏行才是对的，这些村的结论会变，请先核实统计表。"},
    {"join_name_mismatch", "统计表中有行的村名与村图层中同一代码的村名不同（可能整列错位或代码填错）：这些村来自该表的数据记为未知，请先核对统计表。"},
    // tour 17 R20, R21, R4: the DEM's heights that cannot be metres or that cover no village, distances measured in a zone
    // far from the data, villages whose coordinates could not be read: each moves verdicts, none was on the console.
    {"dem_implausible_heights", "DEM 的高程不像是以米为单位（如以分米存储），已不用它：依赖高程的项目（如饮水的垂直距离）在各村记为未知，需换成以米为单位的 DEM 后重新检查。"},
    {"dem_outside_villages", "DEM 的范围不含任何一个村（别的县的 DEM，或坐标系声明错了）：依赖高程的项目（如饮水的垂直距离）在各村记为未知，需改正后重新检查。"},
    {"metric_crs_scale_error", "项目文件指定的投影带离数据较远，量出的距离有明显偏差：距离接近标准的村结论可能反过来，请改用 metric_crs = \"auto\" 后重新检查。"},
    {"bad_coordinate", "有村（或要素）的坐标读不出来（不是十进制数或度分秒），这些要素没有位置：读它们的项目记为未知，需改正坐标后重新检查。"},
    {"quantity_unit_implausible", "有测量值列（如电压、覆盖半径）的数值按字段的单位读不可能（如 10000 千伏、2.5 米），像是以另一单位填写（伏、公里），已整列记为未知，与该列留空时一样处理（读它的项目数据不全，或用规则的默认值）：需写明单位后重新检查。"},
    // tour 17 R15: a county mean over fewer villages than there are; the warning (not the info) names villages it decides.
    {"county_mean_incomplete", "有“高于全县平均”一类的项目，全县平均只用了有数据的村的值：缺少的值若不同，部分数据齐全的村的结论会反过来（这些村的名单附在这条说明后，也在 result.xlsx 的“请先看”中），需补齐数据后重新检查。"},
    {"mapped_column_empty", "有项目文件映射的列整列没有值（常见原因：公式没有保存计算结果）：读它的项目在各村数据不全，需在表格中补上数值（或用 Excel/WPS 打开保存）后重新检查。"},
    // tour 20 S1, S2: one village's figures in two sheets that disagree; a hidden sheet (last year's copy) not read
    {"join_tables_disagree", "有村在两张统计表（或同一工作簿的两个工作表）中的数不同，无法判断哪个对，已记为未知：读它的项目在这些村数据不全（村名和两个数见这条说明），请核对后改成一致再检查。"},
    // tour 20 M2, N2, F4: a village's second row without code or name; a growth typed as a fraction among percents; a
    // facility whose name says it is not in use.
    {"join_continuation_row", "统计表中有村占了两行（第二行没有代码和村名，像是分组填报），无法判断哪一行的数属于该村：该村来自这张表的数据记为未知，请把它合并为一行后重新检查。"},
    {"ratio_unit_ambiguous", "有按百分数填报的比率列（如收入增长率）中少数值写成了小数（0.09 乘以 100 正落在其他村之间），已记为未知：读它的项目在这些村数据不全（也不计入全县平均），请核实后重新检查。"},
    {"status_from_name", "有设施（或水源）的名称说它未在使用（如「…卫生室（停用）」「…（拟建）」），已按未使用读入，规则不计它们：这些村的有关项目可能因此不达标，若它们实际在用请改正名称后重新检查。"},
    {"hidden_sheet_skipped", "统计工作簿中有隐藏的工作表（多是上一年的副本），没有读；若其中有本年的数据，请在 Excel 中取消隐藏后重新检查。"},
    // tour 19 T12: MapInfo TAB stores no empty number; its empty cells read 0
    {"mapinfo_zeros_unknown", "有 MapInfo（.tab）图层的数字列里有个别 0 远小于其他值，像是空格子（MapInfo 不能存空值，空格子读出来是 0），已记为未知：读它的项目在这些村数据不全（不再按 0 判为不达标，也不计入全县平均），若确是 0 请另存为 GeoPackage 填 0 后重新检查。"},
    {"mapinfo_zeros_ambiguous", "有 MapInfo（.tab）图层的数字列里有 0，MapInfo 不能存空值，其中可能有空格子，按 0 使用：这些村的结论取决于它们是真的 0 还是没填，请先核实（村名见这条说明）。"},
    {"money_township_far", "有乡镇的金额是其他乡镇的 10 倍上下（或只有十分之一），像是按另一单位填报（如千元填在万元的列里），按原值使用；读它的项目（如村集体经济收入）在该乡镇各村的结论可能都错了，请先核实单位。"},
};

const Caveat* caveat_of(std::string_view code) {
  const auto it = std::find_if(std::begin(k_caveats), std::end(k_caveats), [&](const Caveat& c) { return code == c.code; });
  return it == std::end(k_caveats) ? nullptr : &*it;
}

}  // namespace

std::vector<VerdictCaveat> verdict_caveats(const indicators::CheckResult& result, const IssueLog* load_issues) {
  std::vector<VerdictCaveat> out;
  const auto take = [&out](const IssueLog& log) {
    for (const auto& n : log.entries()) {
      const Caveat* c = caveat_of(n.code);
      if (!c) continue;
      auto it = std::find_if(out.begin(), out.end(), [&](const VerdictCaveat& v) { return v.code == c->code; });
      if (it == out.end()) it = out.insert(out.end(), VerdictCaveat{c->code, c->effect, {}});
      it->details.push_back(n.message + (n.hint.empty() ? "" : "（处理：" + n.hint + "）"));
    }
  };
  take(result.notes);
  if (load_issues != nullptr) take(*load_issues);
  return out;
}

std::string caveat_effect(std::string_view code) {
  const Caveat* c = caveat_of(code);
  return c ? c->effect : std::string{};
}

std::string caveats_heading(std::string_view what) { return "请先看：以下数据问题会改变" + std::string(what) + "的结论"; }

std::string caveat_codes(const std::vector<VerdictCaveat>& caveats) {
  std::string out;
  for (const VerdictCaveat& c : caveats) out += (out.empty() ? "" : ",") + c.code;
  return out;
}

std::vector<std::string> caveat_effects_of_codes(std::string_view codes) {
  std::vector<std::string> out;
  while (!codes.empty()) {
    const size_t comma = codes.find(',');
    const std::string effect = caveat_effect(codes.substr(0, comma));
    if (!effect.empty() && std::find(out.begin(), out.end(), effect) == out.end()) out.push_back(effect);
    codes = comma == std::string_view::npos ? std::string_view{} : codes.substr(comma + 1);
  }
  return out;
}

std::string verdict_caveats_html(const indicators::CheckResult& result, const IssueLog* load_issues) {
  const std::vector<VerdictCaveat> caveats = verdict_caveats(result, load_issues);
  if (caveats.empty()) return {};
  std::string items;
  for (const VerdictCaveat& c : caveats) {  // one bullet per caveat, its details as lines under it
    items += "<li><b>" + html_escape(c.effect) + "</b>";
    for (const std::string& detail : c.details) items += "<br><span class=note>" + html_escape(detail) + "</span>";
    items += "</li>\n";
  }
  return "<div class=caveat style=\"border:2px solid #9c0006;padding:.2em .8em;margin:.6em 0\"><p class=warn><b>" +
         html_escape(caveats_heading("本页")) + "</b></p>\n<ul>\n" + items + "</ul></div>\n";
}

}  // namespace jiuyou::report
