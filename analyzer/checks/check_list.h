/* check_list.h - every checker, one line each.  Each line names
 * checks/<name>.c, which defines check_<name>(). */
#ifndef LL_CHECK_DECLARE
#error "include check.h"
#endif
LL_CHECK_DECLARE(resource_leak)
LL_CHECK_DECLARE(loop_deferred_release)
LL_CHECK_DECLARE(lock_imbalance)
LL_CHECK_DECLARE(unstopped_timer)
