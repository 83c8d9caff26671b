/*
 * spinner: a guest that never gives the CPU away. It spins for `loops=N` iterations
 * (default 300000000) with its events masked (as every guest starts: the VMM sets
 * evtchn_upcall_mask) and makes no hypercall until it is done. Only timer preemption
 * lets other domains run meanwhile (security scenario A22).
 */
#include <rwlib/rwlib.h>

int guest_main(struct start_info *si)
{
    long loops = cmdline_get_long(si, "loops", 300000000L);
    long progress = cmdline_get_long(si, "progress", 0);   /* a line every `progress` loops */
    printf("spinner: spinning %ld loops with events masked\n", loops);
    volatile unsigned long counter = 0;
    for (long i = 0; i < loops; i++) {
        counter++;
        if (progress > 0 && (i + 1) % progress == 0)
            printf("spinner: progress %ld\n", (i + 1) / progress);
    }
    printf("spinner: done after %lu loops\n", (unsigned long)counter);
    return 0;
}
