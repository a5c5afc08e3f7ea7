package bot

import (
	"context"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Reusable answers. A verified clinician saves an answer as one of a
// condition's FAQ entries (/faq save); it goes to the review channel and
// becomes public only when a second verified clinician publishes it. /faq
// search finds published entries by their words. When a new question in
// the queue closely matches a published entry, its receipt shows the entry
// to the asker while they wait: the question stays in the queue all the
// same. Matching is plain code (words in common, weighted by rarity across
// the condition's entries); no LLM sees any of it.

// FAQEntry is a clinician's reusable answer.
type FAQEntry struct {
	ID          FAQID
	GuildID     string
	ConditionID ConditionID
	Question    string
	Answer      string
	WrittenBy   string
	WrittenAt   time.Time
	Status      FAQStatus
	ReviewedBy  string
	ReviewedAt  time.Time
	// PostChannelID and PostMessageID are its card in the review channel.
	PostChannelID string
	PostMessageID string
}

// FAQStatus is where an entry stands. The values are stored.
type FAQStatus string

// FAQ statuses.
const (
	FAQPending   FAQStatus = "pending"   // waiting for a second clinician
	FAQPublished FAQStatus = "published" // public: /faq search and receipts show it
	FAQRejected  FAQStatus = "rejected"  // the reviewer turned it down
	FAQRemoved   FAQStatus = "removed"   // taken down after publication
)

// Audit actions of the FAQ.
const (
	AuditFAQSaved     AuditAction = "faq.saved"
	AuditFAQPublished AuditAction = "faq.published"
	AuditFAQRejected  AuditAction = "faq.rejected"
	AuditFAQRemoved   AuditAction = "faq.removed"
)

// Limits of /faq save.
const (
	minFAQQuestion = 10
	maxFAQQuestion = 300
	minFAQAnswer   = 20
	maxFAQAnswer   = 1500
	maxFAQResults  = 3
)

const jobFAQCard rowJob[FAQID] = "faq_card" // faq_card:E — post the entry for review

// FAQStore is the persistence of FAQ entries.
type FAQStore interface {
	AddFAQ(ctx context.Context, e FAQEntry) (FAQEntry, error)
	FAQ(ctx context.Context, id FAQID) (FAQEntry, error)
	// FAQs returns a condition's entries in a status, oldest first.
	FAQs(ctx context.Context, conditionID ConditionID, status FAQStatus) ([]FAQEntry, error)
	// SetFAQStatus moves an entry from one status to another and reports
	// false when it was not in from.
	SetFAQStatus(ctx context.Context, id FAQID, from, to FAQStatus, by string, at time.Time) (bool, error)
	SetFAQPost(ctx context.Context, id FAQID, channelID, messageID string) error
}

// FAQCard is an entry posted for review, with Publish and Reject.
type FAQCard struct {
	ChannelID string
	Entry     FAQEntry
	Condition string
	Lang      Lang // the server's, or the person's when private
}

func (n FAQCard) Channel() string { return n.ChannelID }

// FAQMatch is a published entry shown for a question or a search.
type FAQMatch struct {
	Entry FAQEntry
	Score float64
}

// SaveFAQ stores a verified clinician's answer for review by another.
func (s *Service) SaveFAQ(ctx context.Context, c Caller, conditionName, question, answer string) (FAQEntry, error) {
	settings, err := s.store.GuildSettings(ctx, c.GuildID)
	if err != nil {
		return FAQEntry{}, err
	}
	if !settings.Allows(c, Clinicians) {
		return FAQEntry{}, settings.Refusal(Clinicians)
	}
	if !settings.IsClinician(c) {
		return FAQEntry{}, Errorf(EFORBIDDEN, "Answers in the FAQ are clinicians' own: only a verified clinician can save one.")
	}
	if err := s.requireVerified(ctx, s.store, c); err != nil {
		return FAQEntry{}, Errorf(EFORBIDDEN, "Only a verified clinician can save answers to the FAQ, and you have no current verification. A moderator can verify you with `/clinician verify`.")
	}
	if settings.ReviewChannelID == "" {
		return FAQEntry{}, Errorf(ESETUP, "This server has no review channel, where a second clinician reviews FAQ entries. A moderator can set one with `/setup review_channel:`.")
	}
	cond, err := s.condition(ctx, c.GuildID, conditionName)
	if err != nil {
		return FAQEntry{}, err
	}
	question, answer = strings.TrimSpace(question), strings.TrimSpace(answer)
	if n := utf8.RuneCountInString(question); n < minFAQQuestion || n > maxFAQQuestion {
		return FAQEntry{}, Errorf(EINVALID, "Write the question in %d to %d characters, as a member would ask it (without anyone's name).", minFAQQuestion, maxFAQQuestion)
	}
	if n := utf8.RuneCountInString(answer); n < minFAQAnswer || n > maxFAQAnswer {
		return FAQEntry{}, Errorf(EINVALID, "Write the answer in %d to %d characters.", minFAQAnswer, maxFAQAnswer)
	}
	if len(faqWords(question)) == 0 {
		return FAQEntry{}, Errorf(EINVALID, "The question needs some words a member would search for.")
	}
	now := s.now().UTC()
	var e FAQEntry
	err = s.commit(ctx, func(tx Store) ([]Job, error) {
		var err error
		if e, err = tx.AddFAQ(ctx, FAQEntry{GuildID: c.GuildID, ConditionID: cond.ID, Question: question, Answer: answer,
			WrittenBy: c.UserID, WrittenAt: now, Status: FAQPending}); err != nil {
			return nil, err
		}
		if err := s.audit(ctx, tx, AuditEntry{At: now, GuildID: c.GuildID, ActorID: c.UserID, Action: AuditFAQSaved,
			Target: auditTarget("faq", e.ID), Detail: auditDetail("condition", cond.ID)}); err != nil {
			return nil, err
		}
		return []Job{jobFAQCard.job(e.ID, now)}, nil
	})
	return e, err
}

// postFAQCard posts an entry for review once.
func (s *Service) postFAQCard(ctx context.Context, id FAQID) error {
	e, err := s.store.FAQ(ctx, id)
	if err != nil {
		return err
	}
	if e.PostMessageID != "" || e.Status != FAQPending {
		return nil
	}
	settings, err := s.store.GuildSettings(ctx, e.GuildID)
	if err != nil {
		return err
	}
	if settings.ReviewChannelID == "" {
		return Errorf(ESETUP, "no review channel is set")
	}
	cond, err := s.store.Condition(ctx, e.ConditionID)
	if err != nil {
		return err
	}
	msgID, err := s.discord.Post(ctx, FAQCard{Lang: settings.Lang(), ChannelID: settings.ReviewChannelID, Entry: e, Condition: cond.Name})
	if err != nil {
		return err
	}
	return s.store.SetFAQPost(ctx, id, settings.ReviewChannelID, msgID)
}

// ReviewFAQ publishes or rejects a pending entry: a verified clinician
// other than its author only.
func (s *Service) ReviewFAQ(ctx context.Context, c Caller, id FAQID, publish bool) (FAQEntry, error) {
	settings, err := s.store.GuildSettings(ctx, c.GuildID)
	if err != nil {
		return FAQEntry{}, err
	}
	if !settings.Allows(c, Clinicians) {
		return FAQEntry{}, settings.Refusal(Clinicians)
	}
	if !settings.IsClinician(c) {
		return FAQEntry{}, Errorf(EFORBIDDEN, "A second clinician reviews FAQ entries: only a verified clinician can publish or reject one.")
	}
	e, err := s.store.FAQ(ctx, id)
	if ErrorCode(err) == ENOTFOUND || (err == nil && e.GuildID != c.GuildID) {
		return FAQEntry{}, Errorf(ENOTFOUND, "That FAQ entry is no longer known to me.")
	}
	if err != nil {
		return FAQEntry{}, err
	}
	if e.WrittenBy == c.UserID {
		return FAQEntry{}, Errorf(EFORBIDDEN, "A second clinician must review this entry: you wrote it.")
	}
	if err := s.requireVerified(ctx, s.store, c); err != nil {
		return FAQEntry{}, Errorf(EFORBIDDEN, "Only a verified clinician can review FAQ entries, and you have no current verification.")
	}
	to, action := FAQRejected, AuditFAQRejected
	if publish {
		to, action = FAQPublished, AuditFAQPublished
	}
	now := s.now().UTC()
	err = s.store.Atomically(ctx, func(tx Store) error {
		ok, err := tx.SetFAQStatus(ctx, id, FAQPending, to, c.UserID, now)
		if err != nil {
			return err
		}
		if !ok {
			return Errorf(ECONFLICT, "This entry was already reviewed.")
		}
		return s.audit(ctx, tx, AuditEntry{At: now, GuildID: c.GuildID, ActorID: c.UserID, Action: action,
			Target: auditTarget("faq", id)})
	})
	if err != nil {
		return FAQEntry{}, err
	}
	return s.store.FAQ(ctx, id)
}

// RemoveFAQ takes a published (or pending) entry down: moderators, or any
// clinician.
func (s *Service) RemoveFAQ(ctx context.Context, c Caller, id FAQID) (FAQEntry, error) {
	settings, err := s.store.GuildSettings(ctx, c.GuildID)
	if err != nil {
		return FAQEntry{}, err
	}
	if !settings.Allows(c, Staff) {
		return FAQEntry{}, settings.Refusal(Staff)
	}
	e, err := s.store.FAQ(ctx, id)
	if ErrorCode(err) == ENOTFOUND || (err == nil && e.GuildID != c.GuildID) {
		return FAQEntry{}, Errorf(ENOTFOUND, "There is no FAQ entry %d here.", id)
	}
	if err != nil {
		return FAQEntry{}, err
	}
	if e.Status != FAQPublished && e.Status != FAQPending {
		return FAQEntry{}, Errorf(ECONFLICT, "FAQ entry %d is not public or waiting for review, so there is nothing to remove.", id)
	}
	now := s.now().UTC()
	err = s.store.Atomically(ctx, func(tx Store) error {
		ok, err := tx.SetFAQStatus(ctx, id, e.Status, FAQRemoved, c.UserID, now)
		if err != nil {
			return err
		}
		if !ok {
			return Errorf(ECONFLICT, "FAQ entry %d changed meanwhile; run the command again.", id)
		}
		return s.audit(ctx, tx, AuditEntry{At: now, GuildID: c.GuildID, ActorID: c.UserID, Action: AuditFAQRemoved,
			Target: auditTarget("faq", id)})
	})
	if err != nil {
		return FAQEntry{}, err
	}
	return s.store.FAQ(ctx, id)
}

// SearchFAQ finds a condition's published entries for a query, best first.
func (s *Service) SearchFAQ(ctx context.Context, c Caller, conditionName, query string) (Condition, []FAQMatch, error) {
	cond, err := s.condition(ctx, c.GuildID, conditionName)
	if err != nil {
		return Condition{}, nil, err
	}
	if cond.Archived {
		return Condition{}, nil, Errorf(EINVALID, "%s is archived.", cond.Name)
	}
	if len(faqWords(query)) == 0 {
		return cond, nil, Errorf(EINVALID, "Search with a few words, e.g. `insulin travel`.")
	}
	entries, err := s.store.FAQs(ctx, cond.ID, FAQPublished)
	if err != nil {
		return cond, nil, err
	}
	matches := rankFAQ(entries, query, 0.01, true)
	return cond, matches[:min(len(matches), maxFAQResults)], nil
}

// faqFor is the published entry that closely matches a queued question,
// if any. A failure to read is logged and shows nothing: the receipt
// matters more.
func (s *Service) faqFor(ctx context.Context, conditionID ConditionID, text string) *FAQMatch {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	entries, err := s.store.FAQs(ctx, conditionID, FAQPublished)
	if err != nil {
		s.log.Warn("reading the FAQ for a receipt", "condition_id", conditionID, "code", ErrorCode(err))
		return nil
	}
	m := rankFAQ(entries, text, FAQMatchThreshold, false)
	if len(m) == 0 {
		return nil
	}
	return &m[0]
}

// FAQMatchThreshold is how closely a new question must match an entry's
// question to be shown to its asker: the cosine of their word vectors.
const FAQMatchThreshold = 0.5

// rankFAQ scores entries against text: the cosine similarity of their
// word sets, each word weighted by its rarity among the entries (a word in
// every entry says little). withAnswer also matches the answers' words, at
// half weight, for searches.
func rankFAQ(entries []FAQEntry, text string, threshold float64, withAnswer bool) []FAQMatch {
	query := faqWords(text)
	if len(query) == 0 || len(entries) == 0 {
		return nil
	}
	docs := make([]map[string]float64, len(entries))
	df := map[string]int{}
	for i, e := range entries {
		d := map[string]float64{}
		for _, w := range faqWords(e.Question) {
			d[w] = 1
		}
		if withAnswer {
			for _, w := range faqWords(e.Answer) {
				if _, ok := d[w]; !ok {
					d[w] = 0.5
				}
			}
		}
		for w := range d {
			df[w]++
		}
		docs[i] = d
	}
	idf := func(w string) float64 { return 1 + math.Log(float64(len(entries)+1)/float64(df[w]+1)) }
	q := map[string]float64{}
	for _, w := range query {
		q[w] = idf(w)
	}
	var out []FAQMatch
	for i, d := range docs {
		var dot, nd, nq float64
		for w, v := range d {
			x := v * idf(w)
			nd += x * x
			dot += x * q[w]
		}
		for _, v := range q {
			nq += v * v
		}
		if dot == 0 {
			continue
		}
		score := dot / (math.Sqrt(nd) * math.Sqrt(nq))
		if score >= threshold {
			out = append(out, FAQMatch{Entry: entries[i], Score: score})
		}
	}
	slices.SortStableFunc(out, func(a, b FAQMatch) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return 0
	})
	return out
}

// faqWords are the distinct content words of a text, lower-cased, with a
// plural "s" dropped, in order.
func faqWords(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len(f) > 3 && strings.HasSuffix(f, "s") && !strings.HasSuffix(f, "ss") {
			f = f[:len(f)-1]
		}
		if len(f) < 2 || faqStopwords[f] || slices.Contains(out, f) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// faqStopwords are words too common to say what a question is about.
var faqStopwords = wordSet(`a an and are as at be been before being but by can could did do doe does doing for from get had has
		have how i if in into is it it's its just me might my of on or our should so some than that the their them then there
		these they thi this those to too was we were what when where which while who why will with would you your yours
		about after again all also am any because both each few more most much no nor not now only other out over own same
		she he her him his here just very up down off once ok okay anyone everyone someone`)
