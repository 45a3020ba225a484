#pragma once
// One cell naming several kinds — 「党员群众服务中心、村卫生室」: one building that is the village's service centre
// and its clinic (tour 20 F6: read by its ending as a clinic only, three villages' service centre failed). Where the
// kind vocabulary lists separators (`split`, data/vocab/zh.toml), such a feature is read once per kind, at the
// same place and with the same FID; said once (kinds_split, info).
#include <string>

#include "gis/io/project.hpp"
#include "gis/io/vocab.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/issue_log.hpp"

namespace jiuyou::io {

// Before the kind column is mapped: a row whose raw kind splits into two or more parts that each map to a kind
// (the project's [layers.X.values.kind] first, then the vocabulary), of at least two different kinds, becomes one
// row per part. A value the project maps whole is left alone; a list with a part nothing maps is left to the
// usual reading (by its ending, or unknown and said).
void split_listed_kinds(FeatureTable& t, const LayerSpec& spec, const std::string& kind, const Vocabulary& vocab, IssueLog& log);

}  // namespace jiuyou::io
