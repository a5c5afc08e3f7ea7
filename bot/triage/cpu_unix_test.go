//go:build unix

package triage

import (
	"syscall"
	"time"
)

// processCPU is the CPU time this process has used, user and system. A
// benchmark's CPU time per call does not grow when other work shares the
// machine, as its wall-clock time does.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
