/* Ringwall guest support library: everything a C guest kernel needs.
 * The guest defines `int guest_main(struct start_info *si)`; _start calls it and exits
 * with its return value. */
#ifndef RWLIB_H
#define RWLIB_H

#include <rwlib/types.h>
#include <rwlib/string.h>
#include <rwlib/console.h>
#include <rwlib/printf.h>
#include <rwlib/cmdline.h>
#include <rwlib/startinfo.h>
#include <rwlib/pagetable.h>
#include <rwlib/frames.h>
#include <rwlib/window.h>
#include <rwlib/exit.h>
#include <rwlib/trap.h>
#include <rwlib/sharedinfo.h>
#include <rwlib/events.h>
#include <rwlib/vcpu.h>

/* Provided by the guest. */
int guest_main(struct start_info *si);

#endif
