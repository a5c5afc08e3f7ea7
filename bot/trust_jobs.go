package bot

import (
	"context"
	"strconv"
)

// trustJob runs the jobs of verified clinicians, peer mentors, peer-thread
// lifecycles, reminders and outcomes; ok is false for other kinds.
func (s *Service) trustJob(ctx context.Context, j Job) (ok bool, err error) {
	switch j.Kind {
	case jobClinRemind:
		days, err := strconv.Atoi(j.RefText)
		if err != nil {
			return true, Errorf(EINVALID, "reminder job without its days")
		}
		return true, s.remindVerification(ctx, j.Ref, days)
	case jobClinEnd:
		return true, s.endVerification(ctx, j.Ref)
	}
	return false, nil
}
