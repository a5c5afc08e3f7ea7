package bot

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/peerhours/peerhours/bot/redact"
	"github.com/peerhours/peerhours/bot/triage"
)

// Limits of a summary request.
const (
	MaxSummaryMessages   = 5000
	defaultSummaryWindow = 7 * 24 * time.Hour
	maxFocusRunes        = 200
	// maxBackfillPages bounds the history read for one summary: 100
	// messages a page, some of them by people who are not summarised.
	maxBackfillPages = 80
	// maxNameLookups bounds the members looked up for redaction (through
	// the gateway, 100 a request).
	maxNameLookups = 1000
)

// WithSummarizer enables LLM summaries; without it every summary is
// extractive.
func WithSummarizer(z Summarizer) Option { return func(s *Service) { s.summarizer = z } }

// SummaryRequest is a /summarize.
type SummaryRequest struct {
	ChannelID string // the channel or thread to summarise
	ParentID  string // the thread's channel; "" for a channel
	Since     string // "24h", "7d", "2w" or a date "2026-11-20"; "" for 7 days
	Last      int    // the newest N messages at most; 0 for MaxSummaryMessages
	Focus     string
}

// SummaryResult is what a summary request led to.
type SummaryResult struct {
	Summary   Summary
	Condition string
	// Existing is set when nothing changed since the same summary was
	// made: Summary is that one, and nothing was posted.
	Existing bool
	// ReviewURL links to the draft in the review channel ("" until posted).
	ReviewURL string
}

// summarySpec is one summary to make, from a command or a digest.
type summarySpec struct {
	cond        Condition
	settings    Settings
	channelID   string
	parentID    string
	from, to    time.Time
	last        int
	focus       string
	origin      SummaryOrigin
	requestedBy string
}

// Summarize drafts a summary of a condition channel or one of its threads
// and posts it to the review channel.
func (s *Service) Summarize(ctx context.Context, c Caller, req SummaryRequest) (SummaryResult, error) {
	settings, err := s.authorize(ctx, c, Staff)
	if err != nil {
		return SummaryResult{}, err
	}
	if settings.ReviewChannelID == "" {
		return SummaryResult{}, Errorf(ESETUP, "Summaries go to a review channel for clinicians, and none is set. A server admin can set one with `/setup review_channel:`.")
	}
	if req.Last < 0 || req.Last > MaxSummaryMessages {
		return SummaryResult{}, Errorf(EINVALID, "`last` must be between 1 and %d messages.", MaxSummaryMessages)
	}
	focus := strings.Join(strings.Fields(req.Focus), " ")
	if utf8.RuneCountInString(focus) > maxFocusRunes {
		return SummaryResult{}, Errorf(EINVALID, "`focus` can be at most %d characters.", maxFocusRunes)
	}
	now := s.now()
	from, err := ParseSince(req.Since, now, settings.Location())
	if err != nil {
		return SummaryResult{}, err
	}
	home := req.ChannelID
	if req.ParentID != "" {
		home = req.ParentID
	}
	cond, err := s.store.ConditionByChannel(ctx, home)
	if ErrorCode(err) == ENOTFOUND || (err == nil && cond.GuildID != c.GuildID) {
		return SummaryResult{}, Errorf(EINVALID, "Summaries are for condition channels and their threads: run `/summarize` in one, or pick one with `channel:`.")
	}
	if err != nil {
		return SummaryResult{}, err
	}
	last := req.Last
	if last == 0 {
		last = MaxSummaryMessages
	}
	res, err := s.summarize(ctx, summarySpec{
		cond: cond, settings: settings, channelID: req.ChannelID, parentID: req.ParentID,
		from: from, to: now.Add(time.Second), last: last, focus: focus, origin: OriginCommand, requestedBy: c.UserID,
	})
	if ErrorCode(err) == ENOTFOUND {
		return res, Errorf(EINVALID, "There is nothing to summarise: no messages from members who agreed to summaries in that channel since <t:%d:f>.", from.Unix())
	}
	return res, err
}

// ParseSince reads /summarize's since: a duration back from now ("24h",
// "7d", "2w") or a date (and time) in the server's time zone.
func ParseSince(since string, now time.Time, loc *time.Location) (time.Time, error) {
	since = strings.ToLower(strings.TrimSpace(since))
	if since == "" {
		return now.Add(-defaultSummaryWindow), nil
	}
	bad := Errorf(EINVALID, "`since` takes a time back from now like `24h`, `7d` or `2w`, or a date like `2026-11-20` (optionally with a time, `2026-11-20 18:00`).")
	if n := len(since); n >= 2 && strings.ContainsRune("hdw", rune(since[n-1])) {
		v, err := strconv.Atoi(since[:n-1])
		if err != nil || v <= 0 {
			return time.Time{}, bad
		}
		unit := map[byte]time.Duration{'h': time.Hour, 'd': 24 * time.Hour, 'w': 7 * 24 * time.Hour}[since[n-1]]
		if v > 400*24*7 || time.Duration(v)*unit > 400*24*time.Hour {
			return time.Time{}, Errorf(EINVALID, "`since` can reach back at most 400 days.")
		}
		return now.Add(-time.Duration(v) * unit), nil
	}
	for _, layout := range []string{"2006-01-02", "2006-01-02 15:04", "2006-01-02T15:04"} {
		if t, err := time.ParseInLocation(layout, since, loc); err == nil {
			if t.After(now) {
				return time.Time{}, Errorf(EINVALID, "`since` is in the future (<t:%d:f>).", t.Unix())
			}
			return t, nil
		}
	}
	return time.Time{}, bad
}

// summarize makes (or finds) the summary spec asks for and posts it. It
// returns ENOTFOUND when there is nothing to summarise.
func (s *Service) summarize(ctx context.Context, sp summarySpec) (SummaryResult, error) {
	start := time.Now()
	res := SummaryResult{Condition: sp.cond.Name}
	s.backfill(ctx, sp)
	msgs, err := s.store.CapturedMessages(ctx, sp.channelID, sp.from, sp.to, sp.last)
	if err != nil {
		return res, err
	}
	if len(msgs) == 0 {
		return res, ErrNotFound
	}
	fp := fingerprint(sp.channelID, sp.focus, msgs)
	if prev, err := s.store.SummaryByFingerprint(ctx, fp); err == nil && (prev.Kind == SummaryLLM || s.summarizer == nil) {
		res.Summary, res.Existing = prev, true
		res.ReviewURL = s.reviewURL(ctx, prev)
		if sp.requestedBy != "" {
			s.auditAfter(ctx, AuditEntry{GuildID: prev.GuildID, ActorID: sp.requestedBy, Action: AuditSummaryViewed,
				Target: auditTarget("summary", prev.ID), Detail: auditDetail("origin", sp.origin)})
		}
		return res, nil
	} else if err != nil && ErrorCode(err) != ENOTFOUND {
		return res, err
	}

	src, focus, pseudo := s.redactSources(ctx, sp.cond.GuildID, msgs, sp.focus)
	flagUnclassified(msgs)
	draft, kind, fallback := s.draft(ctx, msgs, src, focus)
	// What the LLM wrote goes through the same redactor before it is
	// stored or posted, and instructions to patients are set apart
	// (summary_output.go).
	draft = flagInstructions(redactDraft(draft, pseudo))
	draft = withSafetyFlags(draft, msgs, src)
	draft = citeMessages(draft, msgs)

	authors := map[string]bool{}
	for _, m := range msgs {
		authors[m.AuthorID] = true
	}
	sum := Summary{
		GuildID: sp.cond.GuildID, ConditionID: sp.cond.ID, ChannelID: sp.channelID, ParentID: sp.parentID,
		Focus: sp.focus, From: sp.from.UTC(), To: sp.to.UTC(), Last: sp.last, Fingerprint: fp,
		Kind: kind, Fallback: fallback, Draft: draft, Sources: len(msgs), Authors: len(authors),
		FirstAt: msgs[0].CreatedAt, LastAt: msgs[len(msgs)-1].CreatedAt,
		RequestedBy: sp.requestedBy, Origin: sp.origin, Status: ReviewPending, CreatedAt: s.now().UTC(),
	}
	var key string
	err = s.store.Atomically(ctx, func(tx Store) error {
		var err error
		if sum, err = tx.AddSummary(ctx, sum); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, AuditEntry{At: sum.CreatedAt, GuildID: sum.GuildID, ActorID: sum.RequestedBy, Action: AuditSummaryGenerated,
			Target: auditTarget("summary", sum.ID), Detail: auditDetail("condition", sum.ConditionID, "channel", sum.ChannelID,
				"kind", sum.Kind, "origin", sum.Origin, "messages", sum.Sources)}); err != nil {
			return err
		}
		post := jobSummaryPost.job(sum.ID, sum.CreatedAt)
		key = post.Key
		return tx.EnqueueJob(ctx, post)
	})
	if err != nil {
		return res, err
	}
	s.log.Info("summary drafted", "summary_id", sum.ID, "condition_id", sum.ConditionID, "channel_id", sum.ChannelID,
		"kind", kind, "fallback", fallback, "messages", len(msgs), "took", time.Since(start))
	s.runNow(ctx, key)
	res.Summary = sum
	res.ReviewURL = s.reviewURL(ctx, sum)
	return res, nil
}

// draft asks the LLM, and falls back to the extractive summary when there
// is none, it fails, or nothing it said survives the checks.
func (s *Service) draft(ctx context.Context, msgs []CapturedMessage, src []SourceMessage, focus string) (Draft, SummaryKind, string) {
	known := make(map[string]bool, len(src))
	for _, m := range src {
		known[m.Ref] = true
	}
	lang := conversationLang(src)
	// The extractive summary quotes members (redacted): the same checks
	// strip whatever links or mentions the redactor left.
	fallback := func(reason string) (Draft, SummaryKind, string) {
		return cleanDraft(lang, extractive(lang, msgs, src), known), SummaryExtractive, reason
	}
	if s.summarizer == nil {
		return fallback("no_llm")
	}
	d, err := s.summarizer.Summarize(ctx, SummaryInput{Focus: focus, Messages: src, Language: llmLanguage(lang)})
	if err != nil {
		reason := "llm_failed"
		if ErrorCode(err) == EUNAVAILABLE {
			reason = "llm_" + ErrorMessage(err)
		}
		s.log.Warn("LLM summary failed; using the extractive summary", "code", ErrorCode(err), "reason", reason)
		return fallback(reason)
	}
	d = cleanDraft(lang, d, known)
	if d.Empty() || d.Overview.Text == "" && len(d.Themes)+len(d.Questions) == 0 {
		s.log.Warn("LLM summary unusable after checks; using the extractive summary")
		return fallback("llm_unusable")
	}
	return d, SummaryLLM, ""
}

// withSafetyFlags adds every message triage flagged as an emergency that
// the draft's safety section does not cite: an LLM may miss one, and a
// clinician must not.
func withSafetyFlags(d Draft, msgs []CapturedMessage, src []SourceMessage) Draft {
	cited := map[string]bool{}
	for _, it := range d.Safety {
		for _, c := range it.Cites {
			cited[c] = true
		}
	}
	l := conversationLang(src) // the draft's language
	for i, m := range msgs {
		if m.Category == "emergency" && !cited[src[i].Ref] && len(d.Safety) < 2*maxSectionItems {
			d.Safety = append(d.Safety, SummaryItem{Text: safetyText(l, src[i].Author, m.Reasons), Cites: []string{src[i].Ref}})
		}
	}
	return d
}

// citeMessages turns the refs a draft cites into Discord message IDs.
func citeMessages(d Draft, msgs []CapturedMessage) Draft {
	conv := func(items []SummaryItem) []SummaryItem {
		out := make([]SummaryItem, 0, len(items))
		for _, it := range items {
			ids := make([]string, 0, len(it.Cites))
			for _, ref := range it.Cites {
				if n, err := strconv.Atoi(ref); err == nil && n >= 1 && n <= len(msgs) && !slices.Contains(ids, msgs[n-1].ID) {
					ids = append(ids, msgs[n-1].ID)
				}
			}
			if len(ids) > 0 {
				out = append(out, SummaryItem{Text: it.Text, Cites: ids})
			}
		}
		return out
	}
	out := Draft{Themes: conv(d.Themes), Questions: conv(d.Questions), Misinformation: conv(d.Misinformation), Safety: conv(d.Safety),
		Flagged: conv(d.Flagged)}
	if ov := conv([]SummaryItem{d.Overview}); len(ov) == 1 {
		out.Overview = ov[0]
	}
	return out
}

// flagUnclassified runs the triage rules on messages that have no decision
// (backfilled ones), so the safety section sees them too.
func flagUnclassified(msgs []CapturedMessage) {
	for i := range msgs {
		if msgs[i].Category == "" {
			d := triage.Classify(msgs[i].Content)
			msgs[i].Category, msgs[i].Reasons = d.Category.String(), d.Reasons
		}
	}
}

var userMention = regexp.MustCompile(`<@!?([0-9]{5,25})>`)

// redactSources redacts and pseudonymises the messages (and the focus) in
// the order they were written, knowing the names of the server's members,
// of every author and of everyone mentioned. It returns the Pseudonymizer
// too, for the LLM's output.
func (s *Service) redactSources(ctx context.Context, guildID string, msgs []CapturedMessage, focus string) ([]SourceMessage, string, *redact.Pseudonymizer) {
	var authors []string
	seen := map[string]bool{}
	var wanted []string
	for _, m := range msgs {
		if !seen[m.AuthorID] {
			seen[m.AuthorID] = true
			authors = append(authors, m.AuthorID)
			wanted = append(wanted, m.AuthorID)
		}
		for _, id := range mentionedUsers(m.Content) {
			if !seen[id] {
				seen[id] = true
				wanted = append(wanted, id)
			}
		}
	}
	members := s.membersFor(ctx, guildID, wanted)
	p := redact.New(members).NewPseudonymizer(authors...)
	src := make([]SourceMessage, len(msgs))
	for i, m := range msgs {
		src[i] = SourceMessage{Ref: strconv.Itoa(i + 1), Author: p.Author(m.AuthorID), Text: p.RedactMessage(m.AuthorID, m.Content)}
	}
	return src, p.Redact(focus), p
}

// membersFor returns the names redaction needs: the server's member list
// as the Discord adapter holds it (all of it with the Server Members
// intent, the members seen so far without), and those of these users
// looked up when it does not hold them. A summary calls it once, so the
// lookups are per summary (at most maxNameLookups), never per message.
// Failures are logged; pattern-based redaction still runs.
func (s *Service) membersFor(ctx context.Context, guildID string, userIDs []string) []Member {
	members, err := s.discord.Members(ctx, guildID)
	if err != nil {
		s.log.Warn("member list for redaction unavailable", "guild_id", guildID, "code", ErrorCode(err))
	}
	have := make(map[string]bool, len(members))
	for _, m := range members {
		have[m.ID] = true
	}
	var missing []string
	for _, id := range userIDs {
		if id != "" && !have[id] && len(missing) < maxNameLookups {
			have[id] = true
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		more, err := s.discord.MembersByID(ctx, guildID, missing)
		if err != nil {
			s.log.Warn("member lookup for redaction failed", "guild_id", guildID, "code", ErrorCode(err))
		}
		// The adapter's list is shared: append to a copy.
		members = append(members[:len(members):len(members)], more...)
	}
	return members
}

// mentionedUsers lists the users a text mentions.
func mentionedUsers(text string) []string {
	var ids []string
	for _, sub := range userMention.FindAllStringSubmatch(text, -1) {
		ids = append(ids, sub[1])
	}
	return ids
}

// fingerprint identifies a summary's sources: the channel, the focus, and
// every message with its current text. The same request over unchanged
// messages has the same fingerprint.
func fingerprint(channelID, focus string, msgs []CapturedMessage) string {
	h := sha256.New()
	field := func(s string) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	field("summary/v1")
	field(channelID)
	field(strings.ToLower(focus))
	for _, m := range msgs {
		field(m.ID)
		field(m.Content)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// backfill stores the messages of the window that the bot did not see,
// reading the channel's history 100 messages at a time, newest first. It
// reads only the gap since the newest message it stored from the channel:
// what came before was captured as it was posted (or by the catch-up after
// an outage), so a channel summarised again, or after a restart, costs one
// page rather than fifty. (An outage longer than the catch-up's day leaves
// a gap before that message which is not read back here.) A channel with nothing stored yet (the bot
// joined a server whose condition channels already held messages, say) is
// read back over the whole window. Only messages of members who may be
// summarised are stored, and only those written after their consent began
// and after they last came back from an erasure or an opt-out
// (CaptureSince): what was erased is never read back in. A channel's
// threads are not read: their messages are those captured as they were
// posted. Failures are logged and the summary goes on with what is stored.
func (s *Service) backfill(ctx context.Context, sp summarySpec) {
	last, err := s.store.LastCapturedMessage(ctx, sp.channelID)
	if err != nil {
		s.log.Warn("history backfill failed", "channel_id", sp.channelID, "code", ErrorCode(err), "error", errText(err))
		return
	}
	seen, _ := parseSnowflake(last) // 0: nothing stored yet
	before := ""
	eligible := 0
	type window struct {
		since time.Time
		ok    bool
	}
	allowed := map[string]window{}
	for page := 0; page < maxBackfillPages && eligible < sp.last; page++ {
		p, err := s.discord.History(ctx, sp.channelID, before)
		if err != nil {
			s.log.Warn("history backfill failed", "channel_id", sp.channelID, "code", ErrorCode(err), "error", errText(err))
			return
		}
		var ids []string
		inWindow := p.Messages[:0:0]
		reached := false
		for _, m := range p.Messages {
			if id, ok := parseSnowflake(m.ID); ok && id <= seen {
				reached = true
				continue
			}
			if !m.CreatedAt.Before(sp.from) && m.CreatedAt.Before(sp.to) {
				inWindow = append(inWindow, m)
				ids = append(ids, m.ID)
			}
		}
		stored, err := s.store.CapturedIDs(ctx, ids)
		if err != nil {
			s.log.Warn("history backfill failed", "channel_id", sp.channelID, "code", ErrorCode(err), "error", errText(err))
			return
		}
		for _, m := range inWindow {
			w, known := allowed[m.AuthorID]
			if !known {
				w.since, w.ok, err = s.store.CaptureSince(ctx, sp.cond.GuildID, m.AuthorID)
				if err != nil {
					s.log.Warn("history backfill failed", "channel_id", sp.channelID, "code", ErrorCode(err), "error", errText(err))
					return
				}
				allowed[m.AuthorID] = w
			}
			if !w.ok || m.CreatedAt.Before(w.since) {
				continue
			}
			eligible++
			if stored[m.ID] {
				continue
			}
			m.GuildID, m.ChannelID, m.ParentID = sp.cond.GuildID, sp.channelID, sp.parentID
			if _, err := s.captureMessage(ctx, m, sp.cond); err != nil {
				s.log.Warn("history backfill failed", "channel_id", sp.channelID, "code", ErrorCode(err), "error", errText(err))
				return
			}
		}
		if oldest, ok := parseSnowflake(p.Oldest); ok && oldest <= seen {
			reached = true // the page reached back past it (its newest are the bot's own)
		}
		if reached || p.Done || p.Oldest == "" || len(p.Messages) > 0 && p.Messages[len(p.Messages)-1].CreatedAt.Before(sp.from) {
			return
		}
		before = p.Oldest
	}
}

// conversationLang is the language of the messages to summarise, which the
// draft is written in (English when it cannot be told): a Spanish thread
// gets a Spanish summary.
func conversationLang(src []SourceMessage) Lang {
	var b strings.Builder
	for _, m := range src {
		b.WriteString(m.Text)
		b.WriteByte('\n')
	}
	if l, ok := writtenIn(b.String()); ok {
		return l
	}
	return English
}

// llmLanguage is a language as the LLM is told it, a name and code it
// knows ("Español (es)"), "" for English.
func llmLanguage(l Lang) string {
	if l == English {
		return ""
	}
	return l.Name() + " (" + l.Code() + ")"
}
