package bot

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// SummaryReview is one message of a draft in the review channel. A long
// draft is split into parts; the first carries the header, the last the
// review buttons (while pending) or the decision.
type SummaryReview struct {
	ChannelID       string // the review channel
	GuildID         string
	SummaryID       SummaryID
	Part, Parts     int // from 1
	Condition       string
	SourceChannelID string
	Kind            SummaryKind // SummaryLLM or SummaryExtractive
	Fallback        string
	Focus           string
	Sources         int
	Authors         int
	FirstAt, LastAt time.Time
	Origin          SummaryOrigin
	RequestedBy     string
	Sections        []ReviewSection
	Status          ReviewStatus
	ReviewedBy      string
	ReviewedAt      time.Time
	Reason          string
	Outdated        bool
	Expired         bool
	// Erased counts the statements removed after an erasure; such a draft
	// cannot be approved as drafted.
	Erased int
	// Emptied marks a part left over after an erasure shortened the draft:
	// it only says so (Part > Parts).
	Emptied bool
	Lang    Lang // the server's, or the person's when private
	// Written is the language the statements are in ("" when unknown).
	Written Lang
}

// ReviewSection is one heading of a draft, or its continuation in a later
// part.
type ReviewSection struct {
	Title     string
	Continued bool
	Items     []ReviewItem
	Note      string // shown when there are no items
}

// ReviewItem is a statement and jump links to the messages it cites.
type ReviewItem struct {
	Text  string
	Links []string
	More  int // citations not linked, to keep the post short
}

func (n SummaryReview) Channel() string { return n.ChannelID }

// First and Last tell where the header and the buttons go.
func (n SummaryReview) First() bool { return n.Part == 1 }
func (n SummaryReview) Last() bool  { return n.Part == n.Parts }

// Budgets for one review post, below Discord's limits (4,096 characters in
// an embed's description, 6,000 in all of a message's embeds).
const (
	reviewPartBudget    = 4800
	reviewSectionBudget = 3600
	reviewHeaderCost    = 900
	maxLinksPerItem     = 5
)

// flaggedTitle heads the statements set apart as instructions to patients.
var flaggedTitle = N("🚩 Reads as an instruction to patients (the model's wording, quoted: check it, never pass it on as advice)")

// reviewParts lays a summary out as review posts.
//
// Its headings are in l, the server's language; the statements stay in the
// summary's.
func reviewParts(l Lang, sum Summary, cond Condition, reviewChannel string, messageChannel map[string]string) []SummaryReview {
	base := SummaryReview{
		Lang: l, Written: draftLang(sum.Draft),
		ChannelID: reviewChannel, GuildID: sum.GuildID, SummaryID: sum.ID, Condition: cond.Name,
		SourceChannelID: sum.ChannelID, Kind: sum.Kind, Fallback: sum.Fallback, Focus: sum.Focus,
		Sources: sum.Sources, Authors: sum.Authors, FirstAt: sum.FirstAt, LastAt: sum.LastAt, Origin: sum.Origin,
		RequestedBy: sum.RequestedBy, Status: sum.Status, ReviewedBy: sum.ReviewedBy, ReviewedAt: sum.ReviewedAt,
		Reason: sum.Reason, Outdated: sum.Outdated, Expired: sum.Expired, Erased: sum.Erased,
	}
	link := func(id string) string {
		ch := messageChannel[id]
		if ch == "" {
			ch = sum.ChannelID
		}
		return JumpURL(sum.GuildID, ch, id)
	}
	type section struct {
		title string
		items []SummaryItem
		note  string
	}
	misNote := l.T("None found.")
	if sum.Kind == SummaryExtractive {
		misNote = l.T("Not assessed in an extractive summary.")
	}
	var overview []SummaryItem
	if sum.Draft.Overview.Text != "" {
		overview = []SummaryItem{sum.Draft.Overview}
	}
	sections := []section{
		{l.T("Overview"), overview, l.T("No overview.")},
		{l.T("⚠️ Safety concerns"), sum.Draft.Safety, l.T("None flagged.")},
		{l.T("❓ Questions for clinicians"), sum.Draft.Questions, l.T("None found.")},
		{l.T("💬 Themes"), sum.Draft.Themes, l.T("None found.")},
		{l.T("🧐 Possible misinformation"), sum.Draft.Misinformation, misNote},
	}
	if len(sum.Draft.Flagged) > 0 {
		// The model's own wording, quoted: peerhours gives no advice.
		quoted := make([]SummaryItem, len(sum.Draft.Flagged))
		for i, it := range sum.Draft.Flagged {
			quoted[i] = SummaryItem{Text: "“" + it.Text + "”", Cites: it.Cites}
		}
		sections = append(sections, section{flaggedTitle.In(l), quoted, ""})
	}
	if sum.Expired {
		sections = []section{{l.T("Overview"), nil, l.T("This draft's text was erased after the retention period; its review record is kept.")}}
	}
	if sum.Erased > 0 {
		sections[0].note = l.T("No overview: it rested on erased messages.")
	}
	var parts []SummaryReview
	cur := base
	used := reviewHeaderCost
	for _, sec := range sections {
		rs := ReviewSection{Title: sec.title}
		secUsed := len(sec.title) + 10
		if len(sec.items) == 0 {
			rs.Note = sec.note
			secUsed += len(sec.note)
		}
		if used+secUsed > reviewPartBudget {
			parts = append(parts, cur)
			cur, used = base, 0
		}
		for _, it := range sec.items {
			ri := ReviewItem{Text: it.Text}
			for i, id := range it.Cites {
				if i == maxLinksPerItem {
					ri.More = len(it.Cites) - i
					break
				}
				ri.Links = append(ri.Links, link(id))
			}
			cost := itemCost(ri)
			if used+secUsed+cost > reviewPartBudget || secUsed+cost > reviewSectionBudget {
				if len(rs.Items) > 0 || rs.Note != "" {
					cur.Sections = append(cur.Sections, rs)
				}
				parts = append(parts, cur)
				cur, used = base, 0
				rs = ReviewSection{Title: sec.title, Continued: len(rs.Items) > 0 || rs.Continued}
				secUsed = len(sec.title) + 10
			}
			rs.Items = append(rs.Items, ri)
			secUsed += cost
		}
		cur.Sections = append(cur.Sections, rs)
		used += secUsed
	}
	parts = append(parts, cur)
	for i := range parts {
		parts[i].Part, parts[i].Parts = i+1, len(parts)
	}
	return parts
}

// draftLang is the language a draft's statements are in, "" when it cannot
// be told: the review post says it, since a Spanish thread's summary is
// written in Spanish.
func draftLang(d Draft) Lang {
	var b strings.Builder
	for _, it := range append([]SummaryItem{d.Overview}, slices.Concat(d.Themes, d.Questions, d.Safety, d.Misinformation)...) {
		b.WriteString(it.Text)
		b.WriteByte('\n')
	}
	l, _ := writtenIn(b.String())
	return l
}

// itemCost is the characters an item takes when rendered: its text, a
// bullet, and its numbered links.
func itemCost(it ReviewItem) int {
	n := utf8.RuneCountInString(it.Text) + 8
	for _, l := range it.Links {
		n += len(l) + 8
	}
	if it.More > 0 {
		n += 12
	}
	return n
}

// reviewLayout loads what laying out a summary's posts needs.
func (s *Service) reviewLayout(ctx context.Context, sum Summary) ([]SummaryReview, error) {
	settings, err := s.store.GuildSettings(ctx, sum.GuildID)
	if err != nil {
		return nil, err
	}
	cond, err := s.store.Condition(ctx, sum.ConditionID)
	if err != nil {
		return nil, err
	}
	// Cited messages may sit in a thread of the summarised channel.
	var ids []string
	for _, it := range allItems(sum.Draft) {
		ids = append(ids, it.Cites...)
	}
	where := map[string]string{}
	if len(ids) > 0 {
		msgs, err := s.store.CapturedMessages(ctx, sum.ChannelID, sum.FirstAt, sum.LastAt.Add(time.Millisecond), MaxSummaryMessages)
		if err == nil {
			for _, m := range msgs {
				where[m.ID] = m.ChannelID
			}
		}
	}
	return reviewParts(settings.Lang(), sum, cond, settings.ReviewChannelID, where), nil
}

func allItems(d Draft) []SummaryItem {
	out := []SummaryItem{d.Overview}
	for _, sec := range [][]SummaryItem{d.Themes, d.Questions, d.Misinformation, d.Safety, d.Flagged} {
		out = append(out, sec...)
	}
	return out
}

// postSummary posts the parts of a summary not posted yet, in order.
func (s *Service) postSummary(ctx context.Context, id SummaryID) error {
	sum, err := s.store.Summary(ctx, id)
	if err != nil {
		return err
	}
	parts, err := s.reviewLayout(ctx, sum)
	if err != nil {
		return err
	}
	if parts[0].ChannelID == "" {
		return Errorf(EINVALID, "no review channel")
	}
	posted, err := s.store.SummaryPosts(ctx, id)
	if err != nil {
		return err
	}
	for _, p := range parts {
		if posted[p.Part] != "" {
			continue
		}
		msgID, err := s.discord.Post(ctx, p)
		if err != nil {
			return err
		}
		if err := s.store.SetSummaryPost(ctx, id, p.Part, p.ChannelID, msgID); err != nil {
			return err
		}
	}
	return nil
}

// markPostOutdated re-renders a summary's last post to say new messages
// arrived since it was drafted.
func (s *Service) markPostOutdated(ctx context.Context, id SummaryID) error {
	sum, err := s.store.Summary(ctx, id)
	if err != nil {
		return err
	}
	posted, err := s.store.SummaryPosts(ctx, id)
	if err != nil || len(posted) == 0 {
		return err // not posted yet: the post will say it
	}
	parts, err := s.reviewLayout(ctx, sum)
	if err != nil {
		return err
	}
	last := parts[len(parts)-1]
	if posted[last.Part] == "" {
		return nil
	}
	return s.discord.Edit(ctx, last.ChannelID, posted[last.Part], last)
}

// reviewURL links to a summary's first post, once posted.
func (s *Service) reviewURL(ctx context.Context, sum Summary) string {
	settings, err := s.store.GuildSettings(ctx, sum.GuildID)
	if err != nil {
		return ""
	}
	posts, err := s.store.SummaryPosts(ctx, sum.ID)
	if err != nil || posts[1] == "" {
		return ""
	}
	return JumpURL(sum.GuildID, settings.ReviewChannelID, posts[1])
}

// ReviewSummary records a clinician's or moderator's decision on a draft:
// approve, needs follow-up (an agenda item for the condition's next office
// hours) or reject (with a reason). The first decision stands. It returns
// the draft's last post as it now reads.
func (s *Service) ReviewSummary(ctx context.Context, c Caller, id SummaryID, status ReviewStatus, reason string) (SummaryReview, error) {
	_, err := s.authorize(ctx, c, Staff)
	if err != nil {
		return SummaryReview{}, err
	}
	switch status {
	case ReviewApproved, ReviewFollowUp:
		reason = ""
	case ReviewRejected:
		reason = strings.TrimSpace(reason)
		if reason == "" {
			return SummaryReview{}, Errorf(EINVALID, "Please say why the draft is rejected.")
		}
		if utf8.RuneCountInString(reason) > 500 {
			return SummaryReview{}, Errorf(EINVALID, "The reason can be at most 500 characters.")
		}
	default:
		return SummaryReview{}, Errorf(EINVALID, "This button is out of date.")
	}
	sum, err := s.store.Summary(ctx, id)
	if ErrorCode(err) == ENOTFOUND || (err == nil && sum.GuildID != c.GuildID) {
		return SummaryReview{}, Errorf(ENOTFOUND, "That summary no longer exists.")
	}
	if err != nil {
		return SummaryReview{}, err
	}
	if sum.Erased > 0 && status != ReviewRejected && sum.Status == ReviewPending {
		return SummaryReview{}, Errorf(EINVALID, "Statements of this draft were removed because the messages they rested on were erased, so it can't be approved or sent for follow-up as drafted. Run `/summarize` again for a new draft, or reject this one.")
	}
	now := s.now().UTC()
	err = s.store.Atomically(ctx, func(tx Store) error {
		ok, err := tx.ReviewSummary(ctx, id, status, c.UserID, reason, now)
		if err != nil {
			return err
		}
		if !ok {
			return ErrDuplicate
		}
		if err := s.audit(ctx, tx, AuditEntry{At: now, GuildID: sum.GuildID, ActorID: c.UserID, Action: reviewAudit[status],
			Target: auditTarget("summary", id), Detail: auditDetail("condition", sum.ConditionID)}); err != nil {
			return err
		}
		if status == ReviewFollowUp {
			_, err = tx.AddAgendaItem(ctx, AgendaItem{GuildID: sum.GuildID, ConditionID: sum.ConditionID, SummaryID: id, AddedBy: c.UserID, AddedAt: now})
		}
		return err
	})
	decided := err == nil
	if err != nil && err != ErrDuplicate {
		return SummaryReview{}, err
	}
	if sum, err = s.store.Summary(ctx, id); err != nil {
		return SummaryReview{}, err
	}
	parts, err := s.reviewLayout(ctx, sum)
	if err != nil {
		return SummaryReview{}, err
	}
	if decided {
		s.log.Info("summary reviewed", "summary_id", id, "status", status, "by", c.UserID)
	}
	// Whoever decided first, the post now shows the decision that stands.
	return parts[len(parts)-1], nil
}
