#pragma once
// A facility or water work whose 名称 says it is not in use — 「前进村卫生室（停用）」, 「石门水厂（拟建）」 — while its
// kind comes from another column (类型 村卫生室): tour 20 F4 counted it, three false 可出列. The words are the kind
// vocabulary's `not_before` list (data/vocab/zh.toml: 拟建, 在建, 停用, 废弃 …), the status is the layer's `status`
// field (in_use / not_in_use), which the shipped rule sets' exclude_filter reads.
#include <string>

#include "gis/io/project.hpp"
#include "gis/io/vocab.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/issue_log.hpp"

namespace jiuyou::io {

// Where the layer kind has a `status` field and the table a name column (`name`, else the vocabulary's [fields]
// "<kind>.name" columns) that is not the column its kind was read from: a row without a status whose name holds a
// not_before word gets status "not_in_use"; said once with the count and examples (status_from_name, warning).
void status_from_name(FeatureTable& t, const LayerSpec& spec, const std::string& kind, const Vocabulary& vocab, IssueLog& log);

}  // namespace jiuyou::io
