package bot

import "context"

// A job may be cut off between doing its work on Discord and recording that
// it did (a crash, a kill -9): run again, it would post its message twice.
// runJob therefore hands each job's key down in the context; the Discord
// adapter derives from it a nonce that Discord enforces, so a second post
// of the same message by the same job returns the first instead of making
// another.

type jobKeyCtx struct{}

func withJobKey(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, jobKeyCtx{}, key)
}

// JobKey is the idempotency key of the job doing the work in ctx, or ""
// outside a job.
func JobKey(ctx context.Context) string {
	k, _ := ctx.Value(jobKeyCtx{}).(string)
	return k
}
