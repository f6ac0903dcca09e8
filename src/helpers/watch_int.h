/* Shared by watch.c and watch_event.c. */
#ifndef AIRLOCK_WATCH_INT_H
#define AIRLOCK_WATCH_INT_H

#include "helpers/watch.h"

/* A new event of kind for b, with b's last branch and commit. */
struct watch_event *watch_ev_push(struct watch_events *, enum watch_kind,
	    const struct watch_box *);
/* The first failure is reported; later ones would repeat every poll. */
void	watch_warn_once(struct watch *, char *cause);
/* Fetch b (its heads moved) and push an event per new commit. */
void	watch_fetch_box(struct watch *, struct watch_box *,
	    struct watch_events *);

#endif
