//go:build !unix

package triage

import "time"

func processCPU() (time.Duration, bool) { return 0, false }
