#pragma once
// What a run reads, and the rule that its outputs never overwrite any of it.
#include <string>
#include <vector>

#include "gis/io/project.hpp"
#include "gis/model/error.hpp"
#include "gis/model/workspace.hpp"

namespace jiuyou::app {

// Every file a project run reads: the project file, each layer's source (a
// shapefile's sidecars through its .shp), the code list and the rule file.
std::vector<std::string> project_inputs(const io::Project& project, const std::string& rule_file);

// Every file a document opened for drawing reads (`jiuyou render`, `atlas`): the
// file itself and, where it records or is a project, that project's inputs.
std::vector<std::string> document_inputs(const std::string& input, const std::string& project_path);

// Refuses an output that is an input, resolves to one (symbolic or hard
// links), or — for a folder, which is replaced as a whole — contains one.
// `option` names the argument in the message ("--out", "--to").
Result<void> refuse_overwriting_inputs(const std::string& output, bool output_is_folder, const std::vector<std::string>& inputs,
                                       const std::string& option);

// Refuses a single output file (render, atlas, export) inside another run's output folder — one holding a
// GeoPackage the commands write (report::output_gpkg_names): that folder is one set, replaced as a whole by its
// next run, so the file would replace one of the set's files (render --out RESULT/map.png, which the report then
// shows as the check's map) or stand in the way of the next run. The error names the folder and the command.
Result<void> refuse_writing_into_output_set(const std::string& output, const std::string& option);

// Every text value of every layer is UTF-8 (util::require_utf8_text), each
// error naming the layer's source file.
Result<void> require_utf8_layers(const Workspace& ws, const io::Project& project);

}  // namespace jiuyou::app
