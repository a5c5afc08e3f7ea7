package redact

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
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
	names map[string][]nameEntry // first folded word of a name → the names starting with it
	// nameBits is a small Bloom filter over the first words of names: most words of a
	// message are no one's name, and a bit test is cheaper than a map lookup
	nameBits [nameBitsLen / 64]uint64
	handles  map[string]string // lower-case username → user ID, for "@handle"
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
	keep    []span // clinical codes: lot numbers, NDCs, trial numbers, expiry dates
	opaque  []span // protected text and Discord mentions, each read as one opaque word

	// learned are names a Pseudonymizer picked up from earlier messages of the same summary
	// ("I'm Fatima" … "Fatima here again"): folded word → user ID, or "" for a non-member.
	learned map[string]string
	author  string // the message's author, whom "I'm …" names
	// cued collects the names findCuedNames found, for the Pseudonymizer to learn.
	cued []cuedName
}

// cuedName is a name found after a cue; intro is true for "I'm …"/"my name is …", which
// names the message's author.
type cuedName struct {
	words []string
	intro bool
}

var scanPool = sync.Pool{New: func() any { return new(scan) }}

func (r *Redactor) newScan(text string) *scan {
	s := scanPool.Get().(*scan)
	s.r, s.text = r, text
	s.toks, s.fold, s.spans, s.protect, s.keep = s.toks[:0], s.fold[:0], s.spans[:0], s.protect[:0], s.keep[:0]
	s.learned, s.author, s.cued = nil, "", s.cued[:0]
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
	s.markPseudonyms()
	slices.SortFunc(s.protect, func(a, b span) int { return a.start - b.start })
	s.tokenize()
	s.markClinicalCodes()
	s.findEmails()
	s.findURLs()
	s.findNumbers()
	s.findKeywordIDs()
	s.findAlnumIDs()
	s.findDates()
	s.findAddresses()
	s.findNames()
	s.findCuedNames()
	s.findGazetteer()
	s.findFacilities()
	s.findAges()
	s.findZIPs()
	s.findRawIDs()
	s.findCuedCodes()
	s.findRedditAndTags()
	s.findPlatesAndVINs()
	s.findPhotos()
	s.findSpelledPhones()
	s.findRuralRoutes()
	return s.merge()
}

// merge drops spans that touch protected text and joins the rest; see mergeSpans.
func (s *scan) merge() []span {
	spans := s.spans[:0]
	for _, sp := range s.spans {
		if !s.isProtected(sp) && !s.isKept(sp) {
			spans = append(spans, sp)
		}
	}
	return mergeSpans(s.text, spans)
}

// mergeSpans joins overlapping spans into one. The union is replaced, so nothing any
// detector claimed survives; the kind of the widest claim names the placeholder. It sorts
// and reuses spans.
func mergeSpans(text string, spans []span) []span {
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
		}
		cur.kind, cur.user = best.kind, ""
		if cur.kind == KindName {
			cur.user = mergedUser(text, spans[i:j], cur)
		}
		out = append(out, cur)
		i = j
	}
	return out
}

// mergedUser is the user a merged name span refers to: that of a part covering all of it
// but an "@" or a "#1234" tag. "Ana" of "Dr. Ana Schultz" does not make the doctor a member.
func mergedUser(text string, parts []span, all span) string {
	user := ""
	for _, p := range parts {
		if p.kind != KindName || p.user == "" {
			continue
		}
		startOK := p.start == all.start || p.start == all.start+1 && text[all.start] == '@'
		endOK := p.end == all.end || discriminator(text, p.end) == all.end
		if !startOK || !endOK {
			continue
		}
		if user != "" && user != p.user {
			return ""
		}
		user = p.user
	}
	return user
}

// isProtected: sp overlaps protected text. s.protect is sorted by start and its regions do
// not overlap, so a binary search finds the only candidates.
func (s *scan) isProtected(sp span) bool {
	i, _ := slices.BinarySearchFunc(s.protect, sp.end, func(p span, x int) int {
		if p.start < x {
			return -1
		}
		return 1
	})
	// s.protect[:i] start before sp.end; only the last of them can reach past sp.start
	return i > 0 && s.protect[i-1].end > sp.start
}

// markPlaceholders protects placeholders already in the text, so redacting redacted text
// changes nothing.
func (s *scan) markPlaceholders() {
	t := s.text
	for i := strings.IndexByte(t, '['); i >= 0; {
		if j := strings.IndexByte(t[i:min(i+12, len(t))], ']'); j > 0 && placeholderKind(t[i:i+j+1]) != "" {
			s.protect = append(s.protect, span{start: i, end: i + j + 1})
		}
		k := strings.IndexByte(t[i+1:], '[')
		if k < 0 {
			break
		}
		i += 1 + k
	}
}

// markPseudonyms protects the pseudonyms a Pseudonymizer writes ("Member A", "Member AB",
// "Person 3", "Place 12"), so that text written about pseudonymised messages (an LLM's
// summary of them) can be redacted again without "Person 1 visits Place 1" reading as an
// address.
func (s *scan) markPseudonyms() {
	t := s.text
	for _, w := range []string{"Member ", "Person ", "Place "} {
		for off := 0; ; {
			i := strings.Index(t[off:], w)
			if i < 0 {
				break
			}
			start := off + i
			j := start + len(w)
			off = j
			if start > 0 {
				if r, _ := utf8.DecodeLastRuneInString(t[:start]); unicode.IsLetter(r) || unicode.IsDigit(r) {
					continue
				}
			}
			k := j
			if w == "Member " {
				for k < len(t) && k-j < 3 && t[k] >= 'A' && t[k] <= 'Z' {
					k++
				}
			} else {
				for k < len(t) && k-j < 6 && t[k] >= '0' && t[k] <= '9' {
					k++
				}
			}
			if k == j {
				continue
			}
			if k < len(t) {
				if r, _ := utf8.DecodeRuneInString(t[k:]); unicode.IsLetter(r) || unicode.IsDigit(r) {
					continue
				}
			}
			s.protect = append(s.protect, span{start: start, end: k})
		}
	}
}

// Find returns the identifiers in text, in order and without overlaps: exactly what Redact
// replaces.
func (r *Redactor) Find(text string) []Span {
	spans, _ := r.find(text, nil, "")
	out := make([]Span, len(spans))
	for i, sp := range spans {
		out[i] = Span{Start: sp.start, End: sp.end, Kind: sp.kind, UserID: sp.user}
	}
	return out
}

// Redact returns text with every identifier replaced by its kind's placeholder.
func (r *Redactor) Redact(text string) string {
	spans, _ := r.find(text, nil, "")
	return render(text, spans, nil)
}

// maxPasses bounds find's passes. Detectors look a few words around a candidate, and
// replacing an identifier changes what is around its neighbours ("born maria@x.com 1985"
// becomes "born [email] 1985", where 1985 now reads as a birth year). find therefore runs
// again on its own output until nothing new turns up, which makes Redact idempotent. In
// practice a second pass finds nothing and a third never runs.
const maxPasses = 4

// find returns the merged spans of text, in text's coordinates, and the names found after
// cues. learned and author are the Pseudonymizer's (nil and "" otherwise).
func (r *Redactor) find(text string, learned map[string]string, author string) ([]span, []cuedName) {
	s := r.newScan(text)
	s.learned, s.author = learned, author
	spans := slices.Clone(s.run())
	var cued []cuedName
	if learned != nil && len(s.cued) > 0 {
		cued = slices.Clone(s.cued)
	}
	s.release()
	var segs []segment
	for pass := 1; pass < maxPasses && len(spans) > 0 && !onlyMarkup(text, spans); pass++ {
		var out string
		out, segs = renderSegments(text, spans, segs[:0])
		s := r.newScan(out)
		s.learned = learned
		more := s.run()
		added := false
		for _, sp := range more {
			if m, ok := mapBack(sp, segs); ok {
				spans = append(spans, m)
				added = true
			}
		}
		s.release()
		if !added {
			break
		}
		spans = mergeSpans(text, spans)
	}
	return spans, cued
}

// onlyMarkup: every span is Discord markup ("<@123>"), which the first pass already read as
// one opaque word, exactly as it will read the placeholder: another pass would see the same
// words and find nothing new. Messages whose only identifiers are mentions are common.
func onlyMarkup(text string, spans []span) bool {
	for _, sp := range spans {
		if text[sp.start] != '<' || text[sp.end-1] != '>' {
			return false
		}
	}
	return true
}

// segment is a run of the original text kept verbatim in a rendered output.
type segment struct{ out, orig, n int }

// renderSegments renders with placeholders and records where the kept text went.
func renderSegments(text string, spans []span, segs []segment) (string, []segment) {
	var b strings.Builder
	b.Grow(len(text))
	last := 0
	for _, sp := range spans {
		segs = append(segs, segment{out: b.Len(), orig: last, n: sp.start - last})
		b.WriteString(text[last:sp.start])
		b.WriteString(sp.kind.Placeholder())
		last = sp.end
	}
	segs = append(segs, segment{out: b.Len(), orig: last, n: len(text) - last})
	b.WriteString(text[last:])
	return b.String(), segs
}

// mapBack moves a span found in rendered text back to the original text. Spans that touch
// a placeholder never get here (placeholders are protected), so a span lies in one segment.
func mapBack(sp span, segs []segment) (span, bool) {
	// the last segment starting at or before sp.start
	i, _ := slices.BinarySearchFunc(segs, sp.start, func(g segment, x int) int {
		if g.out <= x {
			return -1
		}
		return 1
	})
	if i == 0 {
		return span{}, false
	}
	g := segs[i-1]
	if sp.start >= g.out && sp.end <= g.out+g.n {
		d := g.orig - g.out
		return span{sp.start + d, sp.end + d, sp.kind, sp.user}, true
	}
	return span{}, false
}

// render replaces spans with placeholders, or with what pseudonym returns for a span when it
// returns true (a Pseudonymizer's "Member A", "Person 1", "Place 1").
func render(text string, spans []span, pseudonym func(sp span) (string, bool)) string {
	if len(spans) == 0 {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	last := 0
	for _, sp := range spans {
		b.WriteString(text[last:sp.start])
		last = sp.end
		if pseudonym != nil {
			if p, ok := pseudonym(sp); ok {
				b.WriteString(p)
				continue
			}
		}
		b.WriteString(sp.kind.Placeholder())
	}
	b.WriteString(text[last:])
	return b.String()
}
