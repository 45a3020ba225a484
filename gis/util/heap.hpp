#pragma once
// Giving freed heap memory back to the system (issue #16, seventh round).
//
// glibc keeps the memory a thread frees in that thread's arena for later
// allocations of the same arena. The workbook is written on a thread, and the
// map renders on a thread (an arena) of its own: memory the GeoPackage and the
// workbook freed is not reused by the map, so it stays resident under the
// map's largest allocations. malloc_trim(0) hands the free pages of every
// arena back (madvise); it costs CPU (a walk over the free chunks, page faults
// when the memory is used again), so it is called only where it lowers the
// peak: after the outputs, before the page waits for the map.
#include <cstdlib>  // defines __GLIBC__ on glibc
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace jiuyou::util {

inline void release_freed_heap() {
#if defined(__GLIBC__)
  ::malloc_trim(0);
#endif
}

}  // namespace jiuyou::util
