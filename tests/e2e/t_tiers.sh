#!/usr/bin/env bash
#
# The tiers of docs/architecture.md hold: no file under src/ includes from
# a higher tier, libgit2 stays in the git service, inih in the config
# service.  And the check itself bites: a tree with each kind of violation
# planted fails with one line per violation.

E2E_NEEDS_AIRLOCK=0
. "$(dirname "$0")/../lib/e2e.sh"

CHECK=$AIRLOCK_SRC/scripts/check-tiers.sh

t "the source tree keeps its tiers"
run_cmd "$CHECK" "$AIRLOCK_SRC/src"
assert_rc 0
assert_eq "" "$OUT$ERR" "no violation printed"

t "an include from a higher tier, libgit2 or inih in the wrong place fails"
cp -R "$AIRLOCK_SRC/src" "$T/src"
echo '#include "helpers/cmd.h"' >>"$T/src/base/ui.c"
echo '#include "cli/cli.h"' >>"$T/src/cmd/up.c"
echo '#include <git2.h>' >>"$T/src/helpers/review_fetch.c"
echo '#include <ini.h>' >>"$T/src/services/git/gitx.c"
echo '#include "services/config/config.h"' >>"$T/src/services/sbx/sbx.c"
echo '#include "base/nonexistent.h"' >>"$T/src/base/strvec.c"
: >"$T/src/loose.c"
run_cmd "$CHECK" "$T/src"
assert_rc 1
assert_contains "$OUT" 'base/ui.c:'
assert_contains "$OUT" 'from helpers, a higher tier'
assert_contains "$OUT" 'cmd/up.c:'
assert_contains "$OUT" 'libgit2 outside the git service'
assert_contains "$OUT" 'inih outside the config service'
assert_contains "$OUT" 'service sbx includes service config'
assert_contains "$OUT" '"base/nonexistent.h" is not a file under src/'
assert_contains "$OUT" 'loose.c: not in a tier folder'

finish
