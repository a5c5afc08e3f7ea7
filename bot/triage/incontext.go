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
)

// ClassifyInContext decides the category of text, a message, given the same
// author's earlier messages in the same channel within the last hour
// (oldest first). "I'm done" after "nothing helps anymore" is not the same
// message as "I'm done" alone: context may raise a decision to emergency,
// never lower it. With no earlier messages it is Classify.
//
// The message is read alone first. If that is no emergency, it is read
// again as the last line of the person's recent talk: when the whole is an
// emergency (to the rules or the learned layer), so is the message —
// unless the message itself says the danger is over ("I'm safe now, my
// sister is here", "home from A&E, thanks all"), the rules explained its
// words away, or it is a clinical or peer question after an emergency
// that its earlier messages already were.
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
	a, feats := analyze(text, featArr[:0], false)
	d = learned.decide(text, &a, learned.scores(feats))
	if d.Category == Emergency || len(earlier) == 0 || a.denied {
		return d
	}
	j, feats := analyze(joinContext(earlier, text), featArr[:0], false)
	jp := learned.scores(feats)
	if j.rules.Category == Emergency || jp[outSelfHarm]+jp[outMedical] >= learned.emergencyBar(&j) {
		if a, _ := analyze(text, featArr[:0], true); a.over {
			return d
		}
		// A question after an emergency that was one on its own ("what
		// should I take for the nausea?") keeps its route: the person's
		// open alert already covers them, and the question still needs its
		// answer. Only a question that completes the picture is raised.
		if d.Category == Clinical || d.Category == Peer {
			e, feats := analyze(joinContext(earlier, ""), featArr[:0], false)
			ep := learned.scores(feats)
			if e.rules.Category == Emergency || ep[outSelfHarm]+ep[outMedical] >= learned.emergencyBar(&e) {
				return d
			}
		}
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
