#pragma once
// Where the shipped data files (rule sets in rules/, vocabularies in vocab/)
// are found, first match wins:
//   1. $JIUYOU_DATA (also the older name $JIUYOU_DATA_DIR), a folder holding
//      rules/, vocab/ ...;
//   2. <folder of the running binary>/../share/jiuyou, where `cmake --install`
//      puts them;
//   3. the source tree's data/, only when the running binary lies inside the
//      build folder it was built in (an in-tree build or its tests) and has no
//      share/jiuyou beside it (an installed tree is never mixed with a source tree).
// Nothing is looked up relative to the current directory: an installed binary
// never picks up whatever data/ folder a user happens to stand in.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jiuyou::util {

// The data folders in search order (only those that exist).
std::vector<std::filesystem::path> data_dirs();

// `<dir>/<kind>/<file_name>` in the first data folder that has it as a regular file.
std::optional<std::filesystem::path> find_data_file(std::string_view kind, std::string_view file_name);

// The stems of every `<kind>/*<extension>` over all data folders, sorted, each once.
std::vector<std::string> list_data_files(std::string_view kind, std::string_view extension);

// The folders searched, for an error hint: "$JIUYOU_DATA, /usr/share/jiuyou"; where
// none exists, the places looked and how to set JIUYOU_DATA (in Chinese).
std::string data_dirs_text();

// No data folder at all (a binary copied away from its install, JIUYOU_DATA unset or
// wrong): the one message to give instead of "no vocabulary/rule set named ...",
// and its hint naming every place looked and JIUYOU_DATA.
bool no_data_dir();
inline constexpr const char* k_no_data_dir_message = "找不到九有的数据目录（其中有词表 vocab/ 和检查标准 rules/）";
std::string no_data_dir_hint();

}  // namespace jiuyou::util
