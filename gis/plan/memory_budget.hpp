#pragma once
// How much memory a reader or solver may ask for before it allocates: a size
// declared by a file is checked against the memory the machine has free, so a
// small file cannot make the program reserve gigabytes and die in bad_alloc.
#include <cstdint>
#include <string>

#include "gis/model/error.hpp"

namespace jiuyou::plan {

// Bytes of memory available now (Linux: MemAvailable; else free physical pages);
// 0 when unknown.
uint64_t available_memory_bytes();

// The most one structure may take: half the available memory, at most `cap_bytes`
// (4 GiB by default); `cap_bytes` alone when the available memory is unknown.
uint64_t memory_budget_bytes(uint64_t cap_bytes = uint64_t{4} << 30);

// "1.6 GB", "830 MB", "12 KB": sizes in messages.
std::string format_bytes(double bytes);

}  // namespace jiuyou::plan
