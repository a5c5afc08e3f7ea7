package triage

import "strings"

// Reasons given when a message is an emergency only read together with
// the same person's earlier messages.
const (
	ReasonContextSelfHarm = "emergency.selfharm.context"
	ReasonContextMedical  = "emergency.medical.context"
)

const (
	// contextMessages and contextBytes bound how much of a person's recent
	// talk is read with a message: the last few messages, the last few
	// hundred words.
	contextMessages = 4
	contextBytes    = 2000
	// contextFloor: the message itself must reach this share of the
	// emergency threshold for its context to raise it, so that "thanks"
	// after a hard message stays "thanks" (that person's open alert, if
	// any, already covers them).
	contextFloor = 0.35
)

// ClassifyInContext decides the category of text, a message, given the same
// author's earlier messages in the same channel within the last hour
// (oldest first). "I'm done" after "nothing helps anymore" is not the same
// message as "I'm done" alone: context may raise a decision to emergency,
// never lower it. With no earlier messages it is Classify.
//
// The message is read alone first; if that is no emergency, it is read
// again after its earlier messages, and the learned layer's emergency
// probability of the whole, with the message's own, decides.
func ClassifyInContext(text string, earlier []string) (d Decision) {
	// A bug here must never lose a message that may be an emergency: if
	// classification panics, the message is treated as an emergency with
	// a reason that tells the moderator why. FuzzClassify fails on it.
	defer func() {
		if recover() != nil {
			d = Decision{Category: Emergency, Reasons: []string{ReasonClassifierError}}
		}
	}()
	var featArr [768]uint32
	a := analyze(text, featArr[:0])
	p := learned.scores(a.feats)
	d = learned.raise(a, p)
	if d.Category == Emergency || len(earlier) == 0 {
		return d
	}
	own := p[outSelfHarm] + p[outMedical]
	if own < contextFloor*learned.Emergency {
		return d
	}
	if a.denied {
		return d
	}
	j := analyze(joinContext(earlier, text), featArr[:0])
	jp := learned.scores(j.feats)
	if j.rules.Category == Emergency || (!j.denied && jp[outSelfHarm]+jp[outMedical] >= learned.Emergency) {
		id := ReasonContextSelfHarm
		if jp[outMedical] > jp[outSelfHarm] {
			id = ReasonContextMedical
		}
		return Decision{Category: Emergency, Reasons: []string{id}}
	}
	return d
}

// joinContext puts the most recent of the earlier messages that fit in
// contextBytes before text, one a line, in the order they were written.
func joinContext(earlier []string, text string) string {
	if len(earlier) > contextMessages {
		earlier = earlier[len(earlier)-contextMessages:]
	}
	first, budget := len(earlier), contextBytes-len(text)
	for first > 0 && len(earlier[first-1]) < budget {
		first--
		budget -= len(earlier[first]) + 1
	}
	var b strings.Builder
	for _, e := range earlier[first:] {
		b.WriteString(e)
		b.WriteString("\n")
	}
	b.WriteString(text)
	return b.String()
}
