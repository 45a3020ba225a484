// Outputs are one set, or the old set (#17): kill -9 at every commit step,
// SIGINT/SIGTERM, a concurrent run, a full disk, stale temporaries, foreign
// files. Each test states the exit code, the message, and what the folder holds.
#include <gtest/gtest.h>

#include <chrono>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include "robustness/harness.hpp"

namespace jiuyou::robust {
namespace {

std::vector<std::string> check_args(const fs::path& project, const fs::path& out, std::vector<std::string> extra = {"--no-map"}) {
  std::vector<std::string> a{"check", project.string(), "--out", out.string(), "-q"};
  a.insert(a.end(), extra.begin(), extra.end());
  return a;
}

struct Folder {
  fs::path project, out;
  std::map<std::string, std::string> old_set;
};

// A project copy and an output folder holding a complete set from an earlier run.
Folder with_old_set() {
  const fs::path dir = test::scratch_dir();
  Folder f{copy_county(dir / "in"), dir / "out", {}};
  const RunResult first = run(check_args(f.project, f.out));
  EXPECT_EQ(first.code, 0) << first.output;
  f.old_set = snapshot(f.out);
  return f;
}

RunResult check_with(const Folder& f, std::vector<std::pair<std::string, std::string>> env, std::vector<std::string> extra = {"--no-map"}) {
  return run(Spawn{check_args(f.project, f.out, extra), std::move(env), {}, -1});
}

void expect_clean_after_next_run(const Folder& f) {
  const RunResult next = run(check_args(f.project, f.out));
  EXPECT_EQ(next.code, 0) << next.output;
  EXPECT_TRUE(is_complete_check_set(f.out));
  EXPECT_TRUE(temporaries(f.out.parent_path(), "out").empty()) << ::testing::PrintToString(temporaries(f.out.parent_path(), "out"));
}

TEST(OutputSet, FreshRunWritesTheWholeSetAndNoTemporaries) {
  const fs::path dir = test::scratch_dir();
  const fs::path project = copy_county(dir / "in");
  const RunResult r = run(check_args(project, dir / "out"));
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(is_complete_check_set(dir / "out"));
  EXPECT_EQ(snapshot(dir / "out").size(), 3u) << "result.gpkg, result.xlsx, report.html";
  EXPECT_TRUE(temporaries(dir, "out").empty());
}

TEST(OutputSet, NoMapRerunRemovesTheEarlierMap) {
  Folder f = with_old_set();
  write_file(f.out / "map.png", "an earlier run's map");
  const RunResult r = check_with(f, {});
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_FALSE(fs::exists(f.out / "map.png")) << "a map of an earlier set must not stay beside new results";
  EXPECT_TRUE(is_complete_check_set(f.out));
}

class KillBeforeSwap : public ::testing::TestWithParam<const char*> {};

TEST_P(KillBeforeSwap, LeavesTheOldSetByteForByte) {
  Folder f = with_old_set();
  const RunResult r = check_with(f, {{"JIUYOU_TEST_KILL_AT", GetParam()}});
  EXPECT_EQ(r.signal, SIGKILL) << r.output;
  EXPECT_EQ(snapshot(f.out), f.old_set) << "killed at " << GetParam();
  expect_clean_after_next_run(f);
}

INSTANTIATE_TEST_SUITE_P(Steps, KillBeforeSwap, ::testing::Values("writing", "written", "synced"));

class KillAfterSwap : public ::testing::TestWithParam<const char*> {};

TEST_P(KillAfterSwap, LeavesTheCompleteNewSet) {
  Folder f = with_old_set();
  write_file(f.out / "map.png", "old map");  // a member of the old set that the new one does not have
  const RunResult r = check_with(f, {{"JIUYOU_TEST_KILL_AT", GetParam()}});
  EXPECT_EQ(r.signal, SIGKILL) << r.output;
  EXPECT_TRUE(is_complete_check_set(f.out));
  EXPECT_FALSE(fs::exists(f.out / "map.png")) << "old and new sets mixed, killed at " << GetParam();
  expect_clean_after_next_run(f);
}

INSTANTIATE_TEST_SUITE_P(Steps, KillAfterSwap, ::testing::Values("swapped", "cleaned"));

TEST(OutputSet, KillBeforeTheFirstSetLeavesNoFolder) {
  const fs::path dir = test::scratch_dir();
  Folder f{copy_county(dir / "in"), dir / "out", {}};
  const RunResult r = check_with(f, {{"JIUYOU_TEST_KILL_AT", "synced"}});
  EXPECT_EQ(r.signal, SIGKILL);
  EXPECT_FALSE(fs::exists(f.out)) << "no half set where there was none";
  EXPECT_FALSE(temporaries(dir, "out").empty()) << "the killed run's staging folder is there for the next run to remove";
  expect_clean_after_next_run(f);
}

class Interrupt : public ::testing::TestWithParam<int> {};

TEST_P(Interrupt, RemovesTheTemporariesAndKeepsTheOldSet) {
  Folder f = with_old_set();
  Process p(Spawn{check_args(f.project, f.out), {{"JIUYOU_TEST_PAUSE_AT", "writing"}}, {}, -1});
  ASSERT_TRUE(p.wait_for("paused at writing")) << "the run did not reach the writing step";
  EXPECT_FALSE(temporaries(f.out.parent_path(), "out").empty()) << "the staging folder exists while writing";
  p.send(GetParam());
  const RunResult r = p.finish();
  EXPECT_EQ(r.code, 130) << r.output;
  EXPECT_EQ(snapshot(f.out), f.old_set);
  EXPECT_TRUE(temporaries(f.out.parent_path(), "out").empty()) << ::testing::PrintToString(temporaries(f.out.parent_path(), "out"));
}

INSTANTIATE_TEST_SUITE_P(Signals, Interrupt, ::testing::Values(SIGINT, SIGTERM, SIGHUP));

// tour 8 G12: Ctrl-C during `atlas` left a hidden 7 MB .atlas.tmp-PID-0.pdf beside the result until the next run.
TEST(OutputSet, InterruptingTheAtlasLeavesNoTemporaryAndTheOldAtlas) {
  const fs::path dir = test::scratch_dir();
  const fs::path project = copy_county(dir / "in");
  const RunResult checked = run(check_args(project, dir / "out"));
  ASSERT_EQ(checked.code, 0) << checked.output;
  const fs::path atlas = dir / "atlas.pdf";
  write_file(atlas, "the earlier atlas");
  Process p(Spawn{{"atlas", (dir / "out" / "result.gpkg").string(), "--by", "township", "--out", atlas.string(), "-q"},
                  {{"JIUYOU_TEST_PAUSE_AT", "atlas_page"}},
                  {},
                  -1});
  ASSERT_TRUE(p.wait_for("paused at atlas_page")) << "the atlas did not reach its first page";
  EXPECT_FALSE(temporaries(dir, "atlas").empty()) << "the PDF is being written under a temporary name";
  p.send(SIGINT);
  const RunResult r = p.finish();
  EXPECT_EQ(r.code, 130) << r.output;
  EXPECT_EQ(read_file(atlas), "the earlier atlas");
  EXPECT_TRUE(temporaries(dir, "atlas").empty()) << ::testing::PrintToString(temporaries(dir, "atlas"));
}

TEST(OutputSet, ASecondRunIntoTheSameFolderIsRefusedWhileTheFirstWrites) {
  Folder f = with_old_set();
  Process first(Spawn{check_args(f.project, f.out), {{"JIUYOU_TEST_PAUSE_AT", "writing"}}, {}, -1});
  ASSERT_TRUE(first.wait_for("paused at writing"));
  const RunResult second = run(check_args(f.project, f.out));
  EXPECT_EQ(second.code, 3) << second.output;
  EXPECT_TRUE(contains(second.output, "another jiuyou run")) << second.output;
  EXPECT_TRUE(contains(second.output, f.out.string())) << second.output;
  first.send(SIGTERM);
  EXPECT_EQ(first.finish().code, 130);
  EXPECT_EQ(snapshot(f.out), f.old_set);
  EXPECT_TRUE(temporaries(f.out.parent_path(), "out").empty()) << "neither the refused run nor the interrupted one leaves its lock file: "
                                                                << ::testing::PrintToString(temporaries(f.out.parent_path(), "out"));
}

TEST(OutputSet, NoLockFileIsLeftAfterASuccessfulARefusedOrAKilledRun) {
  Folder f = with_old_set();
  const fs::path parent = f.out.parent_path();
  EXPECT_FALSE(fs::exists(parent / ".out.lock")) << "after a successful run";
  write_file(f.out / "notes.docx", "the planner's own notes");
  EXPECT_EQ(check_with(f, {}).code, 3);
  EXPECT_FALSE(fs::exists(parent / ".out.lock")) << "after a refused run";
  fs::remove(f.out / "notes.docx");
  EXPECT_EQ(check_with(f, {{"JIUYOU_TEST_KILL_AT", "written"}}).signal, SIGKILL);
  EXPECT_TRUE(fs::exists(parent / ".out.lock")) << "kill -9 cannot clean up";
  expect_clean_after_next_run(f);  // the dead run's lock is no blocker, and the next run removes it
}

TEST(OutputSet, ALockHeldByAnotherProcessIsReported) {
  Folder f = with_old_set();
  const int fd = open((f.out.parent_path() / ".out.lock").c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(flock(fd, LOCK_EX | LOCK_NB), 0);
  const RunResult r = check_with(f, {});
  close(fd);
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_TRUE(contains(r.output, "is writing to this output folder")) << r.output;
  EXPECT_EQ(snapshot(f.out), f.old_set);
}

TEST(OutputSet, TwoRunsAtOnceLeaveOneCompleteSet) {
  Folder f = with_old_set();
  Process a(Spawn{check_args(f.project, f.out), {}, {}, -1});
  Process b(Spawn{check_args(f.project, f.out), {}, {}, -1});
  const RunResult ra = a.finish(), rb = b.finish();
  EXPECT_TRUE((ra.code == 0 || ra.code == 3) && (rb.code == 0 || rb.code == 3)) << ra.output << rb.output;
  EXPECT_TRUE(ra.code == 0 || rb.code == 0) << "at least one run commits";
  EXPECT_TRUE(is_complete_check_set(f.out));
  EXPECT_TRUE(temporaries(f.out.parent_path(), "out").empty());
}

TEST(OutputSet, FullDiskForRealKeepsTheOldSet) {
  Folder f = with_old_set();
  // RLIMIT_FSIZE: every write past 64 KiB fails with EFBIG, as a full disk fails a write.
  const RunResult r = run(Spawn{check_args(f.project, f.out), {}, {}, 64 * 1024});
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_TRUE(contains(r.output, f.out.string())) << "the message names the output: " << r.output;
  EXPECT_EQ(snapshot(f.out), f.old_set);
  EXPECT_TRUE(temporaries(f.out.parent_path(), "out").empty()) << ::testing::PrintToString(temporaries(f.out.parent_path(), "out"));
}

class FullDiskAt : public ::testing::TestWithParam<const char*> {};

TEST_P(FullDiskAt, FailsNamingTheFolderAndKeepsTheOldSet) {
  Folder f = with_old_set();
  const RunResult r = check_with(f, {{"JIUYOU_TEST_FAIL_AT", GetParam()}});
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_TRUE(contains(r.output, "No space left on device")) << r.output;
  EXPECT_EQ(snapshot(f.out), f.old_set);
  EXPECT_TRUE(temporaries(f.out.parent_path(), "out").empty());
}

INSTANTIATE_TEST_SUITE_P(Steps, FullDiskAt, ::testing::Values("writing", "written", "synced"));

TEST(OutputSet, StaleTemporariesOfDeadRunsAreRemoved) {
  Folder f = with_old_set();
  const pid_t dead = fork();
  if (dead == 0) _exit(0);
  waitpid(dead, nullptr, 0);  // a pid that is no longer alive
  const fs::path parent = f.out.parent_path();
  fs::create_directories(parent / (".out.staging-" + std::to_string(dead) + "-0"));
  write_file(parent / (".out.staging-" + std::to_string(dead) + "-0") / "result.gpkg", "half written");
  fs::create_directories(parent / (".out.old-" + std::to_string(dead) + "-3"));
  write_file(f.out / ".result.tmp-1-0.gpkg", "an older version's temporary");
  write_file(f.out / ".map.png.tmp", "an older version's temporary");
  const RunResult r = check_with(f, {});
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(temporaries(parent, "out").empty()) << ::testing::PrintToString(temporaries(parent, "out"));
}

// pid_max is often 32768: a killed run's pid soon belongs to another process. One that started after the folder was
// last written cannot have written it.
TEST(OutputSet, StaleTemporariesWhosePidWasReusedAreRemoved) {
  Folder f = with_old_set();
  const fs::path stale_parent = f.out.parent_path();
  const pid_t other = fork();  // alive, and started now
  if (other == 0) {
    sleep(60);
    _exit(0);
  }
  const fs::path stale = stale_parent / (".out.staging-" + std::to_string(other) + "-0");
  fs::create_directories(stale);
  fs::last_write_time(stale, fs::file_time_type::clock::now() - std::chrono::hours(1));
  const RunResult r = check_with(f, {});
  kill(other, SIGKILL);
  waitpid(other, nullptr, 0);
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_FALSE(fs::exists(stale)) << "the folder is an hour older than the process that now has its pid";
}

TEST(OutputSet, TemporariesOfALiveRunAreLeftAlone) {
  Folder f = with_old_set();
  const fs::path live = f.out.parent_path() / (".out.staging-" + std::to_string(getpid()) + "-9");
  fs::create_directories(live);
  const RunResult r = check_with(f, {});
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(fs::exists(live)) << "a running process's folder is not ours to remove";
}

TEST(OutputSet, AFolderWithForeignFilesIsRefusedNotReplaced) {
  Folder f = with_old_set();
  write_file(f.out / "notes.docx", "the planner's own notes");
  const RunResult r = check_with(f, {});
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_TRUE(contains(r.output, "notes.docx")) << r.output;
  EXPECT_EQ(read_file(f.out / "notes.docx"), "the planner's own notes");
  EXPECT_TRUE(temporaries(f.out.parent_path(), "out").empty());
}

TEST(OutputSet, AnotherCommandsOutputsAreForeign) {
  Folder f = with_old_set();
  const RunResult r = run({"relocate", f.project.string(), "--out", f.out.string(), "-q"});
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_TRUE(contains(r.output, "jiuyou relocate")) << r.output;
  EXPECT_EQ(snapshot(f.out), f.old_set);
}

TEST(OutputSet, AnOutputThatIsAFileIsRefused) {
  const fs::path dir = test::scratch_dir();
  const fs::path project = copy_county(dir / "in");
  write_file(dir / "out", "a file");
  const RunResult r = run(check_args(project, dir / "out"));
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_TRUE(contains(r.output, "not a folder")) << r.output;
  EXPECT_EQ(read_file(dir / "out"), "a file");
}

TEST(OutputSet, TheCurrentFolderIsRefused) {
  const fs::path dir = test::scratch_dir();
  const fs::path project = copy_county(dir / "in");
  fs::create_directories(dir / "work");
  const RunResult r = run(Spawn{{"check", project.string(), "--out", ".", "-q", "--no-map"}, {}, (dir / "work").string(), -1});
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "current folder")) << r.output;
}

TEST(OutputSet, AnOutputFolderBehindALinkReplacesTheTargetNotTheLink) {
  Folder f = with_old_set();
  const fs::path link = f.out.parent_path() / "link";
  fs::create_directory_symlink(f.out, link);
  const RunResult r = run(check_args(f.project, link));
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_TRUE(is_complete_check_set(f.out));
}

TEST(OutputSet, PairKilledAfterTheSwapLeavesTheNewSet) {
  const fs::path dir = test::scratch_dir();
  const fs::path csv = test::source_dir() / "data" / "pairing" / "quanzhou_2018.csv";
  const RunResult first = run({"pair", csv.string(), "--out", (dir / "out").string(), "-q"});
  ASSERT_LE(first.code, 1) << first.output;
  const RunResult r = run(Spawn{{"pair", csv.string(), "--out", (dir / "out").string(), "-q", "--mode", "one-to-one"}, {{"JIUYOU_TEST_KILL_AT", "swapped"}}, {}, -1});
  EXPECT_EQ(r.signal, SIGKILL);
  for (const char* name : {"links.gpkg", "pairs.xlsx", "pairs.html"}) EXPECT_TRUE(fs::is_regular_file(dir / "out" / name)) << name;
  const RunResult next = run({"pair", csv.string(), "--out", (dir / "out").string(), "-q"});
  EXPECT_LE(next.code, 1) << next.output;
  EXPECT_TRUE(temporaries(dir, "out").empty());
}

TEST(OutputSet, PairKilledBeforeTheSwapLeavesTheOldSet) {
  const fs::path dir = test::scratch_dir();
  const fs::path csv = test::source_dir() / "data" / "pairing" / "quanzhou_2018.csv";
  ASSERT_LE(run({"pair", csv.string(), "--out", (dir / "out").string(), "-q"}).code, 1);
  const auto old_set = snapshot(dir / "out");
  const RunResult r = run(Spawn{{"pair", csv.string(), "--out", (dir / "out").string(), "-q", "--mode", "one-to-one"}, {{"JIUYOU_TEST_KILL_AT", "synced"}}, {}, -1});
  EXPECT_EQ(r.signal, SIGKILL);
  EXPECT_EQ(snapshot(dir / "out"), old_set);
}

}  // namespace
}  // namespace jiuyou::robust
