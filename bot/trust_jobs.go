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
	case jobMentorCard:
		return true, s.postApplication(ctx, j.Ref)
	case jobMentorWelcome:
		return true, s.welcomeMentor(ctx, j.Ref)
	case jobMentorTell:
		return true, s.tellApplicant(ctx, j.Ref)
	case jobOHRemind:
		minutes, err := strconv.Atoi(j.RefText)
		if err != nil {
			return true, Errorf(EINVALID, "reminder job without its minutes")
		}
		return true, s.remindClinician(ctx, j.Ref, minutes)
	case jobPeerWelcome:
		return true, s.welcomePeerThread(ctx, j.RefText)
	case jobPeerNudge:
		return true, s.nudgePeerThread(ctx, j.RefText)
	case jobPeerQuiet:
		return true, s.checkPeerQuiet(ctx, j.RefText)
	case jobPeerClose:
		return true, s.closePeerThread(ctx, j.RefText)
	case jobFAQCard:
		return true, s.postFAQCard(ctx, j.Ref)
	case jobHelpful:
		return true, s.askHelpful(ctx, j.Ref)
	}
	return false, nil
}
