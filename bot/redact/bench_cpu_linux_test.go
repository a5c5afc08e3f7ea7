//go:build linux

package redact

import (
	"runtime"
	"syscall"
	"testing"
	"time"
)

// threadCPU is the CPU time this OS thread has used. Wall-clock ns/op is inflated when
// other work shares the machine; CPU time per message is what the redactor costs.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	const rusageThread = 1 // RUSAGE_THREAD
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkRedactCPU is BenchmarkRedact reporting CPU time per message as "cpu-ns/op".
func BenchmarkRedactCPU(b *testing.B) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	r := New(benchMembers(200))
	r.Redact(benchMessage)
	start := threadCPU()
	n := 0
	for b.Loop() {
		r.Redact(benchMessage)
		n++
	}
	b.ReportMetric(float64(threadCPU()-start)/float64(n), "cpu-ns/op")
}
