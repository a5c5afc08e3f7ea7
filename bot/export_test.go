package bot

import "time"

// JobRetryPolicy is a job kind's retry policy, for the tests of package
// bot_test: how many attempts it makes (0: it never gives up), the longest
// wait between two, and whether it is critical.
func JobRetryPolicy(kind string) (maxAttempts int, maxBackoff time.Duration, critical bool) {
	p := jobKinds()[kind].retry
	return p.maxAttempts, p.maxBackoff, p.critical
}
