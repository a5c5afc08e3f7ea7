package redact

import (
	"slices"
	"strings"
	"sync"
)

// Member is one member of the Discord server, as the caller knows them. Every non-empty
// name is looked for in messages.
type Member struct {
	ID         string // Discord user ID (snowflake)
	Username   string // unique handle, e.g. "maria_lopez85"
	GlobalName string // display name, e.g. "Maria Lopez"
	Nick       string // server nickname, e.g. "Mari"
}

// Redactor finds and replaces identifiers. It is immutable after New and safe for concurrent
// use; build one per server member list and share it.
type Redactor struct {
	names   map[string][]nameEntry // first folded word of a name → the names starting with it
	handles map[string]string      // lower-case username → user ID, for "@handle"
}

// New builds a redactor that, besides the generic identifiers, knows these members' names.
func New(members []Member) *Redactor {
	r := &Redactor{names: map[string][]nameEntry{}}
	r.indexMembers(members)
	return r
}

// span is a Span inside the package, before merging.
type span struct {
	start, end int
	kind       Kind
	user       string
}

// scan holds the work for one text. Scans are pooled: the token and fold buffers are the
// only allocations that grow with the text, and reusing them keeps Redact cheap.
type scan struct {
	r       *Redactor
	text    string
	toks    []token
	fold    []byte
	spans   []span
	protect []span // bytes no detector may touch: custom emoji, slash-command mentions, placeholders
}

var scanPool = sync.Pool{New: func() any { return new(scan) }}

func (r *Redactor) newScan(text string) *scan {
	s := scanPool.Get().(*scan)
	s.r, s.text = r, text
	s.toks, s.fold, s.spans, s.protect = s.toks[:0], s.fold[:0], s.spans[:0], s.protect[:0]
	return s
}

func (s *scan) release() {
	s.r, s.text = nil, ""
	if cap(s.toks) > 4096 { // do not keep the buffers of a giant message alive
		s.toks, s.fold, s.spans = nil, nil, nil
	}
	scanPool.Put(s)
}

func (s *scan) add(start, end int, k Kind, user string) {
	if start < end {
		s.spans = append(s.spans, span{start, end, k, user})
	}
}

// run applies every detector and returns the merged, ordered, non-overlapping spans.
func (s *scan) run() []span {
	s.markDiscordSyntax()
	s.markPlaceholders()
	s.tokenize()
	s.findEmails()
	s.findURLs()
	s.findNumbers()
	s.findKeywordIDs()
	s.findAlnumIDs()
	s.findDates()
	s.findAddresses()
	s.findNames()
	s.findCuedNames()
	return s.merge()
}

// merge joins overlapping spans into one. The union is replaced, so nothing any detector
// claimed survives; the kind of the widest claim names the placeholder.
func (s *scan) merge() []span {
	spans := s.spans[:0]
	for _, sp := range s.spans {
		if !s.isProtected(sp) {
			spans = append(spans, sp)
		}
	}
	slices.SortFunc(spans, func(a, b span) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return b.end - a.end
	})
	out := spans[:0]
	for i := 0; i < len(spans); {
		cur, best := spans[i], spans[i]
		j := i + 1
		for ; j < len(spans) && spans[j].start < cur.end; j++ {
			sp := spans[j]
			cur.end = max(cur.end, sp.end)
			bl, sl := best.end-best.start, sp.end-sp.start
			if sl > bl || sl == bl && sp.kind.priority() > best.kind.priority() {
				best = sp
			}
			if best.kind == KindName && best.user == "" && sp.kind == KindName && sp.user != "" {
				best.user = sp.user
			}
		}
		cur.kind, cur.user = best.kind, best.user
		if cur.kind != KindName {
			cur.user = ""
		}
		out = append(out, cur)
		i = j
	}
	return out
}

func (s *scan) isProtected(sp span) bool {
	for _, p := range s.protect {
		if sp.start < p.end && p.start < sp.end {
			return true
		}
	}
	return false
}

// markPlaceholders protects placeholders already in the text, so redacting redacted text
// changes nothing.
func (s *scan) markPlaceholders() {
	t := s.text
	for i := strings.IndexByte(t, '['); i >= 0; {
		if j := strings.IndexByte(t[i:], ']'); j > 0 && j <= 8 {
			switch Kind(t[i+1 : i+j]) {
			case KindName, KindEmail, KindPhone, KindAddress, KindDate, KindID, KindURL, KindChannel, KindRole:
				s.protect = append(s.protect, span{start: i, end: i + j + 1})
			}
		}
		k := strings.IndexByte(t[i+1:], '[')
		if k < 0 {
			break
		}
		i += 1 + k
	}
}

// Find returns the identifiers in text, in order and without overlaps: exactly what Redact
// replaces.
func (r *Redactor) Find(text string) []Span {
	s := r.newScan(text)
	defer s.release()
	spans := s.run()
	out := make([]Span, len(spans))
	for i, sp := range spans {
		out[i] = Span{Start: sp.start, End: sp.end, Kind: sp.kind, UserID: sp.user}
	}
	return out
}

// Redact returns text with every identifier replaced by its kind's placeholder.
func (r *Redactor) Redact(text string) string {
	return r.redact(text, nil)
}

// redact replaces spans; name spans whose user has a pseudonym get it instead of "[name]".
func (r *Redactor) redact(text string, pseudonym func(userID string) (string, bool)) string {
	s := r.newScan(text)
	defer s.release()
	spans := s.run()
	if len(spans) == 0 {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	last := 0
	for _, sp := range spans {
		b.WriteString(text[last:sp.start])
		if sp.kind == KindName && sp.user != "" && pseudonym != nil {
			if p, ok := pseudonym(sp.user); ok {
				b.WriteString(p)
				last = sp.end
				continue
			}
		}
		b.WriteString(sp.kind.Placeholder())
		last = sp.end
	}
	b.WriteString(text[last:])
	return b.String()
}
