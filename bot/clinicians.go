package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Verified clinicians. A clinician is not whoever holds a Discord role: a
// moderator (or a member of the verifier role set with /setup
// verifier_role) records the clinician's licence number, the jurisdiction
// that issued it and its expiry date, and the bot grants the clinician role
// only while such a verification is current. Reminders go to the clinician
// privately 30 and 7 days before it expires; when it expires (or is
// revoked) the bot takes the role away and tells them privately. Only a
// clinician with a current verification can take and answer questions;
// office-hours posts and question threads show "verified clinician
// (jurisdiction)".
//
// The licence number is for the verifiers' records: it is never shown to
// members (the verifiers' own replies show it masked, "•••567"), never in
// the audit log (a short fingerprint stands for it there), never in a
// notice, and never near an LLM.

// Verification is one verification of a clinician.
type Verification struct {
	ID           VerificationID
	GuildID      string
	UserID       string
	Licence      string // never shown to members: see MaskedLicence
	Jurisdiction string
	ExpiresOn    string    // the last valid day, "2027-03-31"
	ExpiresAt    time.Time // the next midnight in the server's time zone
	VerifiedBy   string
	VerifiedAt   time.Time
	RevokedBy    string
	RevokedAt    time.Time
	RevokeReason string
	SupersededAt time.Time // a later verification of the same member replaced it
	EndedAt      time.Time // its end was carried out: the role removed, the member told
}

// Current reports whether v is in force at t.
func (v Verification) Current(t time.Time) bool {
	return v.RevokedAt.IsZero() && v.SupersededAt.IsZero() && t.Before(v.ExpiresAt)
}

// Revoked reports whether a verifier revoked v.
func (v Verification) Revoked() bool { return !v.RevokedAt.IsZero() }

// MaskedLicence shows the last three characters of the licence number and
// hides the rest, for the verifiers' own replies.
func (v Verification) MaskedLicence() string {
	r := []rune(v.Licence)
	if len(r) <= 3 {
		return "•••"
	}
	return "•••" + string(r[len(r)-3:])
}

// licenceFingerprint stands for a licence number in the audit log: enough to
// see that a renewal used the same number, useless to anyone reading it.
func licenceFingerprint(licence string) string {
	sum := sha256.Sum256([]byte(strings.ToUpper(licence)))
	return hex.EncodeToString(sum[:4])
}

// ClinicianStore is the persistence clinician verification needs.
type ClinicianStore interface {
	AddVerification(ctx context.Context, v Verification) (Verification, error)
	Verification(ctx context.Context, id VerificationID) (Verification, error)
	// CurrentVerification returns the member's newest verification in
	// force at t, or ErrNotFound.
	CurrentVerification(ctx context.Context, guildID, userID string, t time.Time) (Verification, error)
	// Verifications lists a server's verifications in force at t or ended
	// since then, newest first, at most limit.
	Verifications(ctx context.Context, guildID string, t, since time.Time, limit int) ([]Verification, error)
	// SupersedeVerifications marks the member's other verifications still in
	// force as replaced.
	SupersedeVerifications(ctx context.Context, guildID, userID string, except VerificationID, at time.Time) error
	// RevokeVerification records a revocation and reports false when v was
	// already revoked.
	RevokeVerification(ctx context.Context, id VerificationID, by, reason string, at time.Time) (bool, error)
	// EndVerification records that v's end was carried out, and reports
	// false when it was before.
	EndVerification(ctx context.Context, id VerificationID, at time.Time) (bool, error)
}

// Job kinds of verification.
const (
	jobClinRemind rowNumberJob[VerificationID, int] = "clin_remind" // clin_remind:V:days — remind the clinician
	jobClinEnd    rowJob[VerificationID]            = "clin_end"    // clin_end:V — expired or revoked: remove the role, tell them
)

// Reminder days before a verification expires.
var verificationReminders = []int{30, 7}

// Limits of /clinician verify.
const (
	maxLicence                    = 40
	maxJurisdiction               = 60
	maxRevokeReason               = 300
	maxVerifyAhead                = 10 * 366 * 24 * time.Hour
	AuditClinVerified AuditAction = "clinician.verified"
	AuditClinRevoked  AuditAction = "clinician.revoked"
	AuditClinExpired  AuditAction = "clinician.expired"
)

// VerifyRequest is what /clinician verify was given.
type VerifyRequest struct {
	UserID       string
	IsBot        bool // the member is a bot or an app
	Licence      string
	Jurisdiction string
	Expires      string // "2027-03-31"
}

// VerifyResult is what a verification came to.
type VerifyResult struct {
	Verification Verification
	Renewed      bool // it replaced a verification still in force
	// RoleError says why Discord did not give the role (the verification
	// stands); "" when the member has it.
	RoleError string
}

// checkLicence tidies a licence number: 3–40 letters, digits, spaces,
// hyphens, dots and slashes.
func checkLicence(s string) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	n := utf8.RuneCountInString(s)
	if n < 3 || n > maxLicence {
		return "", Errorf(EINVALID, "A licence number has 3 to %d characters.", maxLicence)
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(" -./", r) {
			return "", Errorf(EINVALID, "A licence number may contain letters, digits, spaces, hyphens, dots and slashes only.")
		}
	}
	return s, nil
}

// checkJurisdiction tidies a jurisdiction: "Ontario", "New York (RN)".
func checkJurisdiction(s string) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	n := utf8.RuneCountInString(s)
	if n < 2 || n > maxJurisdiction {
		return "", Errorf(EINVALID, "A jurisdiction has 2 to %d characters, like Ontario or New York.", maxJurisdiction)
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(" -.,()'&/", r) {
			return "", Errorf(EINVALID, "A jurisdiction may contain letters, digits, spaces and - . , ( ) ' & / only.")
		}
	}
	return s, nil
}

// expiryOf reads an expiry date (the last valid day) and returns the
// instant the verification ends: the midnight after it in loc.
func expiryOf(date string, loc *time.Location, now time.Time) (string, time.Time, error) {
	d, err := time.Parse("2006-01-02", strings.TrimSpace(date))
	if err != nil {
		return "", time.Time{}, Errorf(EINVALID, "%q is not a date like 2027-03-31 (year-month-day, the last day the licence is valid).", strings.TrimSpace(date))
	}
	end, _ := LocalTime{d.Year(), d.Month(), d.Day() + 1, 0, 0}.Normalize().In(loc)
	if !end.After(now) {
		return "", time.Time{}, Errorf(EINVALID, "%s has already passed: a verification must still be valid.", d.Format("2006-01-02"))
	}
	if end.Sub(now) > maxVerifyAhead {
		return "", time.Time{}, Errorf(EINVALID, "%s is more than ten years away: use the licence's real expiry date.", d.Format("2006-01-02"))
	}
	return d.Format("2006-01-02"), end.UTC(), nil
}

// Normalize carries an out-of-range day or minute into the next month or
// hour: the day after 31 March is 1 April.
func (l LocalTime) Normalize() LocalTime {
	return LocalOf(time.Date(l.Year, l.Month, l.Day, l.Hour, l.Minute, 0, 0, time.UTC))
}

// VerifyClinician records a verification of a member and gives them the
// clinician role. A verification of someone already verified renews it:
// the new one replaces the old, with its own expiry.
func (s *Service) VerifyClinician(ctx context.Context, c Caller, req VerifyRequest) (VerifyResult, error) {
	settings, err := s.store.GuildSettings(ctx, c.GuildID)
	if err != nil {
		return VerifyResult{}, err
	}
	if !settings.IsVerifier(c) {
		return VerifyResult{}, settings.Refusal(Verifiers)
	}
	if settings.ClinicianRoleID == "" {
		return VerifyResult{}, Errorf(ESETUP, "No clinician role is set yet: someone with Manage Server can set it with `/setup clinician_role:@role`.")
	}
	switch {
	case req.UserID == "":
		return VerifyResult{}, Errorf(EINVALID, "Pick the member to verify.")
	case req.IsBot:
		return VerifyResult{}, Errorf(EINVALID, "A bot can't be a clinician.")
	case req.UserID == c.UserID:
		return VerifyResult{}, Errorf(EFORBIDDEN, "You can't verify yourself: another moderator or verifier has to check your licence.")
	}
	licence, err := checkLicence(req.Licence)
	if err != nil {
		return VerifyResult{}, err
	}
	jurisdiction, err := checkJurisdiction(req.Jurisdiction)
	if err != nil {
		return VerifyResult{}, err
	}
	now := s.now().UTC()
	on, at, err := expiryOf(req.Expires, settings.Location(), now)
	if err != nil {
		return VerifyResult{}, err
	}
	res := VerifyResult{}
	v := Verification{GuildID: c.GuildID, UserID: req.UserID, Licence: licence, Jurisdiction: jurisdiction,
		ExpiresOn: on, ExpiresAt: at, VerifiedBy: c.UserID, VerifiedAt: now}
	err = s.commit(ctx, func(tx Store) ([]Job, error) {
		if old, err := tx.CurrentVerification(ctx, c.GuildID, req.UserID, now); err == nil {
			res.Renewed = old.ID != 0
		} else if ErrorCode(err) != ENOTFOUND {
			return nil, err
		}
		var err error
		if v, err = tx.AddVerification(ctx, v); err != nil {
			return nil, err
		}
		if err := tx.SupersedeVerifications(ctx, c.GuildID, req.UserID, v.ID, now); err != nil {
			return nil, err
		}
		if err := s.audit(ctx, tx, AuditEntry{At: now, GuildID: c.GuildID, ActorID: c.UserID, Action: AuditClinVerified,
			Target: auditTarget("user", req.UserID), Detail: auditDetail("verification", v.ID,
				"jurisdiction", strings.ReplaceAll(jurisdiction, " ", "_"), "expires", on, "licence_sha256", licenceFingerprint(licence),
				"renewed", res.Renewed)}); err != nil {
			return nil, err
		}
		jobs := []Job{jobClinEnd.job(v.ID, at)}
		for _, days := range verificationReminders {
			due := at.Add(-time.Duration(days) * 24 * time.Hour)
			if due.After(now) {
				jobs = append(jobs, jobClinRemind.job(v.ID, days, due))
			}
		}
		return jobs, nil
	})
	if err != nil {
		return VerifyResult{}, err
	}
	res.Verification = v
	if err := s.discord.AddMemberRole(ctx, c.GuildID, req.UserID, settings.ClinicianRoleID); err != nil {
		if ErrorCode(err) == EINTERNAL {
			return res, err
		}
		res.RoleError = ErrorMessageIn(err, c.Lang)
	}
	return res, nil
}

// RevokeClinician ends a member's verification now: the role goes, and they
// are told privately.
func (s *Service) RevokeClinician(ctx context.Context, c Caller, userID, reason string) (Verification, error) {
	settings, err := s.store.GuildSettings(ctx, c.GuildID)
	if err != nil {
		return Verification{}, err
	}
	if !settings.IsVerifier(c) {
		return Verification{}, settings.Refusal(Verifiers)
	}
	reason = strings.Join(strings.Fields(reason), " ")
	if utf8.RuneCountInString(reason) > maxRevokeReason {
		return Verification{}, Errorf(EINVALID, "The reason can be at most %d characters.", maxRevokeReason)
	}
	now := s.now().UTC()
	var v Verification
	err = s.commit(ctx, func(tx Store) ([]Job, error) {
		var err error
		v, err = tx.CurrentVerification(ctx, c.GuildID, userID, now)
		if ErrorCode(err) == ENOTFOUND {
			return nil, Errorf(ENOTFOUND, "<@%s> has no current clinician verification to revoke.", userID)
		}
		if err != nil {
			return nil, err
		}
		if ok, err := tx.RevokeVerification(ctx, v.ID, c.UserID, reason, now); err != nil || !ok {
			return nil, errOr(err, Errorf(ECONFLICT, "That verification was revoked already."))
		}
		v.RevokedBy, v.RevokedAt, v.RevokeReason = c.UserID, now, reason
		if err := s.audit(ctx, tx, AuditEntry{At: now, GuildID: c.GuildID, ActorID: c.UserID, Action: AuditClinRevoked,
			Target: auditTarget("user", userID), Detail: auditDetail("verification", v.ID, "reason_given", reason != "")}); err != nil {
			return nil, err
		}
		return []Job{jobClinEnd.job(v.ID, now, "revoked")}, nil
	})
	return v, err
}

// Clinicians lists the server's verifications in force, and those that
// ended in the last 30 days, for verifiers.
func (s *Service) Clinicians(ctx context.Context, c Caller) ([]Verification, error) {
	settings, err := s.store.GuildSettings(ctx, c.GuildID)
	if err != nil {
		return nil, err
	}
	if !settings.IsVerifier(c) {
		return nil, settings.Refusal(Verifiers)
	}
	now := s.now()
	return s.store.Verifications(ctx, c.GuildID, now, now.Add(-30*24*time.Hour), 50)
}

// VerifiedAs returns the jurisdiction of the member's verification in force
// now, or "" when they have none.
func (s *Service) VerifiedAs(ctx context.Context, guildID, userID string) string {
	if userID == "" {
		return ""
	}
	v, err := s.store.CurrentVerification(ctx, guildID, userID, s.now())
	if err != nil {
		return ""
	}
	return v.Jurisdiction
}

// requireVerified refuses a caller who has no verification in force: only
// a verified clinician takes and answers questions, whatever roles they
// hold.
func (s *Service) requireVerified(ctx context.Context, st Store, c Caller) error {
	_, err := st.CurrentVerification(ctx, c.GuildID, c.UserID, s.now())
	if ErrorCode(err) == ENOTFOUND {
		return Errorf(EFORBIDDEN, "Only a verified clinician can take and answer questions, and you have no current verification. A moderator can verify you with `/clinician verify`.")
	}
	return err
}

// remindVerification tells a clinician privately that their verification
// ends soon, unless it no longer stands.
func (s *Service) remindVerification(ctx context.Context, id VerificationID, days int) error {
	v, err := s.store.Verification(ctx, id)
	if err != nil {
		return err
	}
	if !v.Current(s.now()) {
		return nil // renewed, revoked, or already over
	}
	return s.tellPrivately(ctx, v.GuildID, v.UserID, ClinicianNotice{Lang: s.lang(ctx, v.GuildID), GuildID: v.GuildID, UserID: v.UserID, Kind: VerificationReminder,
		Jurisdiction: v.Jurisdiction, ExpiresOn: v.ExpiresOn, ExpiresAt: v.ExpiresAt, DaysLeft: days})
}

// endVerification carries out an expiry or a revocation: the clinician
// role goes unless another verification of the member is in force, and
// they are told privately. Done once.
func (s *Service) endVerification(ctx context.Context, id VerificationID) error {
	v, err := s.store.Verification(ctx, id)
	if err != nil {
		return err
	}
	now := s.now().UTC()
	if !v.EndedAt.IsZero() || !v.SupersededAt.IsZero() || (!v.Revoked() && now.Before(v.ExpiresAt)) {
		return nil // done already, renewed, or not over yet
	}
	if _, err := s.store.CurrentVerification(ctx, v.GuildID, v.UserID, now); err == nil {
		return nil // another verification stands (renewed since)
	} else if ErrorCode(err) != ENOTFOUND {
		return err
	}
	settings, err := s.store.GuildSettings(ctx, v.GuildID)
	if err != nil {
		return err
	}
	if settings.ClinicianRoleID != "" {
		// A member who left the server has no role to lose.
		if err := s.discord.RemoveMemberRole(ctx, v.GuildID, v.UserID, settings.ClinicianRoleID); err != nil && ErrorCode(err) != ENOTFOUND {
			return err
		}
	}
	kind := VerificationExpired
	if v.Revoked() {
		kind = VerificationRevoked
	}
	if err := s.tellPrivately(ctx, v.GuildID, v.UserID, ClinicianNotice{Lang: s.lang(ctx, v.GuildID), GuildID: v.GuildID, UserID: v.UserID, Kind: kind,
		Jurisdiction: v.Jurisdiction, ExpiresOn: v.ExpiresOn, ExpiresAt: v.ExpiresAt}); err != nil && ErrorCode(err) == EINTERNAL {
		return err
	}
	return s.store.Atomically(ctx, func(tx Store) error {
		ok, err := tx.EndVerification(ctx, v.ID, now)
		if err != nil || !ok || v.Revoked() {
			return err
		}
		return s.audit(ctx, tx, AuditEntry{At: now, GuildID: v.GuildID, Action: AuditClinExpired,
			Target: auditTarget("user", v.UserID), Detail: auditDetail("verification", v.ID, "expires", v.ExpiresOn)})
	})
}

// Kinds of ClinicianNotice.
const (
	VerificationReminder = "reminder"
	VerificationExpired  = "expired"
	VerificationRevoked  = "revoked"
)

// ClinicianNotice tells a clinician privately about their verification: a
// reminder before it expires, or that it ended and the role went. It never
// carries the licence number.
type ClinicianNotice struct {
	GuildID      string
	UserID       string
	Kind         string
	Jurisdiction string
	ExpiresOn    string
	ExpiresAt    time.Time
	DaysLeft     int
	Lang         Lang // the server's, or the person's when private
}

func (n ClinicianNotice) Channel() string { return "" }
