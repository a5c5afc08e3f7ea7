package triage

import (
	"slices"
	"sort"
	"strings"
)

// ruleInfo is a compiled rule: what it decides and how context can change it.
type ruleInfo struct {
	id         string
	cat        Category
	guard      guard
	downID     string // for red flags: the clinical.medical.* reason used when lowered
	downCat    Category
	requires   *slot // nil, or a class one of whose words must be in the message
	requirePat *pattern
	requireID  string
}

// engine holds everything compiled at package init. It is never written
// after init, so Classify is safe for concurrent use.
type engine struct {
	rules []ruleInfo
	lex   *lexicon
	rulem *matcher
	masks *matcher
	cuem  *matcher
	cueOf []cueKind // cue pattern index → kind
	// classOf[lexicon ID] has bit i set when the word or stem belongs to
	// the word class classNames[i] (vocab.go): "@pills", "@med" …
	classOf    []uint32
	classNames []string
}

var eng = compile()

func compile() *engine {
	e := &engine{}
	var rulePats []pattern
	byID := map[string]int{}
	all := slices.Concat(englishRules, spanishRules, europeanRules, treatmentRules)
	for _, r := range all {
		idx, ok := byID[r.ID]
		if !ok {
			idx = len(e.rules)
			byID[r.ID] = idx
			e.rules = append(e.rules, newRuleInfo(r))
		} else if e.rules[idx].guard != r.Guard || e.rules[idx].requireID != r.Requires {
			// the same ID with another guard or requirement is a rule of
			// its own that reports the same reason
			idx = len(e.rules)
			e.rules = append(e.rules, newRuleInfo(r))
		}
		for _, src := range r.Patterns {
			rulePats = append(rulePats, compilePattern(src, idx, vocab))
		}
	}
	var maskPats []pattern
	for i, src := range slices.Concat(harmlessIdioms, treatmentIdioms) {
		maskPats = append(maskPats, compilePattern(src, i, vocab))
	}
	var cuePats []pattern
	for _, c := range cues {
		for _, src := range c.Patterns {
			cuePats = append(cuePats, compilePattern(src, len(e.cueOf), vocab))
			e.cueOf = append(e.cueOf, c.Kind)
		}
	}

	// the word classes of vocab.go, for the learned layer's features
	e.classNames = make([]string, 0, len(vocab))
	for name := range vocab {
		e.classNames = append(e.classNames, name)
	}
	sort.Strings(e.classNames)
	classPats := make([]pattern, len(e.classNames))
	for i, name := range e.classNames {
		classPats[i] = compilePattern("@"+name, i, vocab)
	}

	e.lex = newLexicon()
	for _, ps := range [][]pattern{rulePats, maskPats, cuePats, classPats} {
		for i := range ps {
			e.lex.link(&ps[i])
		}
	}
	for i := range e.rules {
		if p := e.rules[i].requirePat; p != nil {
			e.lex.link(p)
			e.rules[i].requires = &p.slots[0]
		}
	}
	e.lex.freeze()
	e.classOf = make([]uint32, e.lex.size+1)
	for i, p := range classPats {
		for _, id := range p.slots[0].ids {
			e.classOf[id] |= 1 << i
		}
	}
	e.rulem = newMatcher(rulePats, e.lex, 1)
	e.masks = newMatcher(maskPats, e.lex, 2)
	e.cuem = newMatcher(cuePats, e.lex, 4)
	return e
}

func newRuleInfo(r ruleSpec) ruleInfo {
	cat, _, ok := strings.Cut(r.ID, ".")
	if !ok {
		panic("triage: rule ID without category: " + r.ID)
	}
	c, err := ParseCategory(cat)
	if err != nil || c == None {
		panic("triage: rule ID with bad category: " + r.ID)
	}
	ri := ruleInfo{id: r.ID, cat: c, guard: r.Guard, requireID: r.Requires}
	if r.Guard == guardRedFlag || r.Guard == guardCritical {
		ri.downID = "clinical." + strings.TrimPrefix(r.ID, "emergency.")
		ri.downCat = Clinical
	}
	if r.Requires != "" {
		p := compilePattern("@"+r.Requires, 0, vocab)
		ri.requirePat = &p
	}
	return ri
}

// Classify decides the category of one patient message. It is pure and
// deterministic, and safe to call from many goroutines. A message with a
// character that looks like two letters ("kiӏӏ", "su|c|de": i or l?) is
// read both ways and takes the more severe decision.
//
// The rules decide first; the learned layer (model.go) may then raise the
// decision, never lower it.
func Classify(text string) Decision { return ClassifyInContext(text, nil) }

// An analysis is what the rules made of one message, beside the learned
// layer's features (which analyze returns apart, so that the stack array
// Classify keeps them in does not escape with the decision).
type analysis struct {
	rules Decision // the rules' decision
	// denied: the rules found an emergency and the modifiers took it back
	// (negated, in a story or the news, long ago, answered no, over), or
	// read its dangerous-sounding words as a harmless idiom ("12 pills a
	// day"), and nothing in the message speaks of now. The learned layer
	// raises such a message to emergency only at its higher bar,
	// Model.Denied, and never when a harmless idiom explained it (idiom):
	// an idiom is a phrase written to be read one way ("laid out all my
	// meds for the week"), where a modifier is a reading of the sentence
	// around the words ("an hour ago", "quick check"), and can be wrong.
	denied, idiom bool
	words         int // tokens of the message
	// over: the message says a danger is past ("back to normal", "home
	// now", "thanks everyone"), so earlier messages do not make it one.
	over bool
}

// analyze runs the rules on text and appends the learned layer's features
// to feats. Its over is set only withCues.
func analyze(text string, feats []uint32, withCues bool) (analysis, []uint32) {
	// Everything for a typical message lives on this stack frame: each
	// allocation would make the garbage collector rescan the large rule
	// tables sooner, which costs more than the classification itself.
	var fold, norm [1024]byte
	var toks [128]token
	foldBuf, normBuf, tokBuf := fold[:0], norm[:0], toks[:0]
	// A long message gets buffers of about the right size at once, rather
	// than growing them by doubling (three or four copies of each).
	if len(text) > len(fold) {
		foldBuf = make([]byte, 0, len(text)+len(text)/8)
		normBuf = make([]byte, 0, len(text)+len(text)/8)
	}
	n, alts := normalizeBytes(normBuf, foldBuf, text, 0)
	if est := len(n)/4 + 16; est > len(toks) { // about one token per word
		tokBuf = make([]token, 0, est)
	}
	var fs findings
	fs.wantCues = withCues
	annotated := eng.lex.annotate(n, tokenize(n, tokBuf))
	d := eng.classify(annotated, &fs)
	// The words of a harmless idiom ("took all my morning meds", "dying
	// to try") say nothing to the learned layer either: it reads that the
	// idiom was there instead (findingFeatures).
	for _, k := range fs.masked[:fs.nMasked] {
		annotated[k].masked = true
	}
	feats = wordFeatures(feats, n, annotated)
	feats = eng.findingFeatures(feats, &fs)
	denied, idiom := eng.denied(&fs)
	// A text that can be read more than one way ("kiӏӏ", "su|c|de": i or l?)
	// is classified in every reading it gives cause for, and the most
	// severe decision is kept (the first reading to reach it gives the
	// reasons). Ordinary text gives cause for none.
	for _, r := range altReadings {
		if alts == 0 || d.Category == Emergency {
			break
		}
		if r&^alts != 0 {
			continue
		}
		n, _ = normalizeBytes(n[:0], foldBuf, text, r)
		if d2 := eng.classify(eng.lex.annotate(n, tokenize(n, tokBuf)), nil); d2.Category > d.Category {
			d = d2
		}
	}
	return analysis{rules: d, denied: denied, idiom: idiom, words: len(annotated), over: fs.cues&cueResolved != 0 && !fs.now}, feats
}

// denied reports a message whose dangerous-sounding words the rules
// explained away, by a modifier or a harmless idiom, when nothing in the
// message speaks of now (see analysis.denied); idiom when an idiom did.
func (e *engine) denied(fs *findings) (denied, idiom bool) {
	takenBack := false
	for _, f := range fs.rules[:fs.n] {
		if e.rules[f.rule].cat != Emergency {
			continue
		}
		if f.outcome == outcomeKept {
			return false, false
		}
		takenBack = true
	}
	if fs.nIdioms > 0 {
		return true, true
	}
	return takenBack && !fs.now, false
}

// knownWords is set here, not where it is declared: Normalize runs while
// the rules are compiled, before the lexicon it would consult exists.
func init() { knownWords = eng.lex }

// findings records, for the learned layer, what the rules saw in a
// message: each rule that matched and what its guard made of it, and the
// context cues of the message (computed only when a guarded rule matched).
type findings struct {
	rules   [24]finding
	n       int
	cues    cueKind
	idioms  [8]int32 // harmless idioms found
	nIdioms int
	masked  [16]int32 // the tokens they cover
	nMasked int
	now     bool // a cue of now (acute, again) outside any harmless idiom
	// wantCues asks for the message's cues even when no rule matched
	wantCues bool
}

// messageCues returns the cues of the whole message, for the learned
// layer, when no guarded rule needed them.
func (e *engine) messageCues(toks []token, pr *present, masked []int32) (c cueKind, now bool) {
	for _, k := range masked {
		toks[k].masked = false
	}
	var cueHitBuf [32]hit
	for _, h := range e.cuem.find(toks, pr, cueHitBuf[:0]) {
		kind := e.cueOf[e.cuem.patterns[h.pat].owner]
		c |= kind
		if kind&(cueAcute|cueAgain) != 0 && !inside(h, masked) {
			now = true
		}
	}
	return c, now
}

// inside reports whether every token of a cue's match lies in a harmless
// idiom: "again" in "won't bother you again with my questions" says
// nothing about now.
func inside(h hit, masked []int32) bool {
	for k := h.start; k < h.end; k++ {
		if !slices.Contains(masked, k) {
			return false
		}
	}
	return true
}

func (f *findings) addIdiom(i int32) {
	if f.nIdioms < len(f.idioms) {
		f.idioms[f.nIdioms] = i
		f.nIdioms++
	}
}

// A finding is one rule that matched: kept, lowered or cancelled by its
// context.
type finding struct {
	rule    int32
	outcome uint8
}

const (
	outcomeKept = iota
	outcomeLowered
	outcomeCancelled
	numOutcomes
)

func (f *findings) add(rule int32, outcome uint8) {
	for i := 0; i < f.n; i++ {
		if f.rules[i].rule == rule && f.rules[i].outcome == outcome {
			return
		}
	}
	if f.n < len(f.rules) {
		f.rules[f.n] = finding{rule, outcome}
		f.n++
	}
}

// classify runs the rules on a message's tokens; fs, when not nil,
// collects what they found.
func (e *engine) classify(toks []token, fs *findings) Decision {
	if len(toks) == 0 {
		return Decision{Category: None, Reasons: []string{}}
	}
	nsent := int(toks[len(toks)-1].sent) + 1

	var pr present
	pr.mark(toks)
	var hitBuf [32]hit

	// 1. blank out harmless idioms (only the words they name, not gaps)
	var maskBuf [16]int32
	masked := maskBuf[:0]
	hits := e.masks.find(toks, &pr, hitBuf[:0])
	for _, h := range hits {
		masked = e.masks.patterns[h.pat].positions(toks, int(h.start), masked)
	}
	for _, k := range masked {
		toks[k].masked = true
	}

	if fs != nil {
		for _, h := range hits {
			fs.addIdiom(int32(e.masks.patterns[h.pat].owner))
		}
		fs.nMasked = copy(fs.masked[:], masked)
	}

	// 2. rules
	hits = e.rulem.find(toks, &pr, hits[:0])
	if len(hits) == 0 {
		// cues are read only where something needs them: an idiom's
		// denial depends on now, and ClassifyInContext asks for over
		if fs != nil && (len(masked) > 0 || fs.wantCues) {
			fs.cues, fs.now = e.messageCues(toks, &pr, masked)
		}
		return Decision{Category: None, Reasons: []string{}}
	}

	// 3. sentence cues, only if a match needs its context weighed. Cues
	// read the text as written, so idioms are unblanked first ("dying to
	// know if" still says "if").
	var cueBuf [16]cueKind
	var sentCue []cueKind
	var msgCue cueKind
	// the clauses that name fiction, the news or someone who died: a
	// self-harm statement is read as theirs only in the same clause
	var storyBuf [8]int32
	story := storyBuf[:0]
	acute := false
	for _, h := range hits {
		if e.rules[e.rulem.patterns[h.pat].owner].guard == guardPlain {
			continue
		}
		for _, k := range masked {
			toks[k].masked = false
		}
		if nsent <= len(cueBuf) {
			sentCue = cueBuf[:nsent]
		} else {
			sentCue = make([]cueKind, nsent)
		}
		var cueHitBuf [32]hit
		for _, c := range e.cuem.find(toks, &pr, cueHitBuf[:0]) {
			kind := e.cueOf[e.cuem.patterns[c.pat].owner]
			sentCue[toks[c.start].sent] |= kind
			if kind&(cueMedia|cueDeath) != 0 {
				story = append(story, toks[c.start].clause)
			}
			if fs != nil && kind&(cueAcute|cueAgain) != 0 && !inside(c, masked) {
				fs.now = true
			}
		}
		for i, c := range sentCue {
			// "not sure if I'm having a heart attack" is uncertainty about
			// something happening now, not a hypothetical
			if c&cueUnsure != 0 {
				c = c&^cueHypothetical | cueAcute
				sentCue[i] = c
			}
			msgCue |= c
			// "what should I do if I have chest pain" is not happening now
			if c&cueAcute != 0 && c&cueHypothetical == 0 {
				acute = true
			}
		}
		break
	}

	// 4. each match weighed in its context
	best := None
	var reasonBuf [16]string
	reasons := reasonBuf[:0]
	var requireMemo requireMemo
	if fs != nil {
		fs.cues = msgCue
	}
	for _, h := range hits {
		owner := e.rulem.patterns[h.pat].owner
		r := &e.rules[owner]
		cat, id := e.weigh(r, toks, h, sentCue, msgCue, acute, story)
		if fs != nil {
			switch {
			case cat == None:
				fs.add(int32(owner), outcomeCancelled)
			case cat < r.cat:
				fs.add(int32(owner), outcomeLowered)
			default:
				fs.add(int32(owner), outcomeKept)
			}
		}
		if cat == None || cat < best {
			continue
		}
		if r.requires != nil && !requireMemo.hasAny(toks, r.requires) {
			continue
		}
		if cat > best {
			best = cat
			reasons = reasons[:0]
		}
		reasons = append(reasons, id)
	}
	if best == None {
		return Decision{Category: None, Reasons: []string{}}
	}
	sort.Strings(reasons)
	out := reasons[:0]
	for i, r := range reasons {
		if i == 0 || r != reasons[i-1] {
			out = append(out, r)
		}
	}
	return Decision{Category: best, Reasons: append([]string(nil), out...)}
}

// weigh applies a rule's guard to one match and returns the category and
// reason it supports (None when context cancels it).
func (e *engine) weigh(r *ruleInfo, toks []token, h hit, sentCue []cueKind, msgCue cueKind, acute bool, story []int32) (Category, string) {
	if r.guard == guardPlain {
		return r.cat, r.id
	}
	cue := sentCue[toks[h.start].sent]
	switch r.guard {
	case guardSelf:
		if negated(toks, int(h.start), sentCue) {
			return None, ""
		}
		// The modifiers: fiction and news, a distant past, someone who
		// died, a screening question answered no. They cancel a finding
		// only when nothing in the message speaks of now ("I tried two
		// years ago and I feel that way again" stays); the learned layer
		// then weighs the message, and may still raise it. Fiction, news
		// and a death must be in the statement's own clause: "watched the
		// film and I want to kill myself", "mi amigo se murió el año
		// pasado y yo también me quiero morir" are the writer's.
		inStory := slices.Contains(story, toks[h.start].clause)
		if !acute && (inStory || cue&cueHistory != 0 || msgCue&(cueScreening|cueAnswerNo) == cueScreening|cueAnswerNo) {
			return None, ""
		}
	case guardTopic:
		if negated(toks, int(h.start), sentCue) || cue&cueMedia != 0 {
			return None, ""
		}
		// "I used to be suicidal years ago": history, unless anything in
		// the message says it is back now
		if cue&cueHistory != 0 && !acute {
			return None, ""
		}
	case guardRedFlag:
		if negated(toks, int(h.start), sentCue) {
			return None, ""
		}
		// a form's questions answered no: "Do you have chest pain…? No."
		if !acute && msgCue&(cueScreening|cueAnswerNo) == cueScreening|cueAnswerNo {
			return None, ""
		}
		if cue&(cueMedia|cueDeath) != 0 && cue&cueAcute == 0 {
			return None, ""
		}
		// "I'm gonna die lol": a joke marker anywhere in the message
		// cancels only the vaguest red flag
		if r.id == "emergency.medical.dying" && msgCue&cueJoke != 0 && cue&cueAcute == 0 {
			return None, ""
		}
		// "scared of having a seizure while driving" is about anxiety; "scared
		// I'm having a stroke" has an acute cue in the sentence and stays
		if cue&cueFear != 0 && cue&cueAcute == 0 {
			return None, ""
		}
		if !acute && cue&(cueHypothetical|cueGeneral|cueReported|cuePast|cueHistory) != 0 {
			return r.downCat, r.downID
		}
		// "had chest pain on the treadmill last week, stopped after I
		// rested": over, and asked about in hindsight. Duration words
		// ("for 15 min") read as acute, so a past that says it resolved is
		// lowered unless the message says it is happening again.
		if msgCue&cuePast != 0 && msgCue&cueResolved != 0 && msgCue&cueAgain == 0 {
			return r.downCat, r.downID
		}
		// "ten years since my first seizure": a distant past, whatever
		// duration words say
		if cue&cueHistory != 0 && msgCue&cueAgain == 0 {
			return r.downCat, r.downID
		}
	case guardCritical:
		if negated(toks, int(h.start), sentCue) {
			return None, ""
		}
		if cue&(cueMedia|cueDeath|cueFear) != 0 && cue&cueAcute == 0 {
			return None, ""
		}
		if !acute && cue&cueHypothetical != 0 {
			return r.downCat, r.downID
		}
	case guardSymptom:
		if negated(toks, int(h.start), sentCue) || cue&cueMedia != 0 {
			return None, ""
		}
	}
	return r.cat, r.id
}

// requireMemo remembers, for one message, which required classes were
// found; there are only a few such classes.
type requireMemo struct {
	slots [8]*slot
	found [8]bool
	n     int
}

// hasAny reports whether any token matches the slot.
func (m *requireMemo) hasAny(toks []token, s *slot) bool {
	for i := 0; i < m.n; i++ {
		if m.slots[i] == s {
			return m.found[i]
		}
	}
	found := false
	for j := range toks {
		if s.match(toks, j, toks[j].sent) > 0 {
			found = true
			break
		}
	}
	if m.n < len(m.slots) {
		m.slots[m.n], m.found[m.n] = s, found
		m.n++
	}
	return found
}

// ReasonClassifierError is the reason given when the classifier itself
// failed on a message: it then answers emergency, so that a person looks.
const ReasonClassifierError = "emergency.classifier_error"

// RuleIDs lists every reason ID Classify can return, sorted: the emergency,
// clinical and peer rules, plus clinical.medical.* for red flags lowered by
// context. Useful for metrics labels and for documentation.
func RuleIDs() []string {
	ids := []string{ReasonClassifierError, ReasonModelSelfHarm, ReasonModelMedical, ReasonModelClinical, ReasonModelPeer, ReasonContextSelfHarm, ReasonContextMedical}
	seen := map[string]bool{}
	for _, id := range ids {
		seen[id] = true
	}
	for _, r := range eng.rules {
		for _, id := range []string{r.id, r.downID} {
			if id != "" && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	sort.Strings(ids)
	return ids
}
