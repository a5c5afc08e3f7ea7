package triage

import "strings"

// A long post dilutes its one dangerous sentence: "my daughter graduated,
// the roof is fixed, … and since yesterday I'm vomiting and breathing fast
// on my new tablet, … the wedding photos are lovely" weighs mostly as the
// family news around it, and the learned layer, which weighs every word of
// a message together, reads it as sharing. The rules read sentence by
// sentence already; the long-post reading gives the learned layer the same
// chance: a post of longPostWords or more is read again in passages of a
// few whole sentences (about passageWords words each), each as if it were
// a message of its own, and the post is an emergency when the layer is
// sure of one passage — unless the rules explained that passage's words
// away. A passage has lost the rest of the post, which may say it is a
// story, a question or over, so it must reach passageThreshold, well above
// the layer's own threshold (0.30–0.31). On the held-out sets of rounds 15
// and 16 (960 messages, 320 emergencies) it catches 311 emergencies
// instead of 307, for 57 false alarms instead of 51; on the 13,464
// non-emergencies of the training files, 553 false alarms instead of 531.
// (Chosen on those sets: their figures with it are no first run.)
const (
	longPostWords    = 50
	passageWords     = 30
	passageThreshold = 0.7
)

// longPostEmergency returns the learned layer's emergency reason for the
// first passage of a long post that it is sure of, or "".
func (m *Model) longPostEmergency(text string, words int) string {
	if words < longPostWords {
		return ""
	}
	var featArr [768]uint32
	for _, passage := range passages(text) {
		a, feats := analyze(passage, featArr[:0], false)
		if a.denied || a.words < minModelWords {
			continue
		}
		if p := m.scores(feats); p[outSelfHarm]+p[outMedical] >= passageThreshold {
			return modelEmergencyReason(p)
		}
	}
	return ""
}

// passages cuts text at sentence ends into runs of whole sentences of
// about passageWords words.
func passages(text string) []string {
	var out []string
	var cur strings.Builder
	n := 0
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			out = append(out, s)
		}
		cur.Reset()
		n = 0
	}
	start := 0
	for i, r := range text {
		if r != '.' && r != '!' && r != '?' && r != '\n' {
			continue
		}
		sentence := text[start : i+1]
		start = i + 1
		cur.WriteString(sentence)
		n += len(strings.Fields(sentence))
		if n >= passageWords {
			flush()
		}
	}
	cur.WriteString(text[start:])
	flush()
	return out
}
