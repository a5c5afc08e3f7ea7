package triage

import "testing"

// The kinds of miss the triage issue names, each with the example it gave
// and a twin that must not be an emergency: the same words negated, in the
// past and over, in fiction, or asked in general. These are a floor, not
// the measure: the held-out sets in testdata/heldout/ are.
func TestIssueKinds(t *testing.T) {
	tests := []struct {
		name string
		text string
		want Category
	}{
		// indirect ideation and preparation
		{"giving things away", "sold my bike and my camera this week, someone should get use out of them", Emergency},
		{"giving things away, moving", "sold my bike and my camera this week because we're moving to a flat with no storage, someone should get use out of them", None},
		{"last post", "this is my last post here, you were good people", Emergency},
		{"last post before a holiday", "this is my last post before my holiday, back in two weeks with photos", None},
		{"passive wish", "wouldn't mind if the plane went down on my trip", Emergency},
		{"plane in a film", "the film where the plane goes down on their holiday was so tense, great ending though", None},
		// euphemisms
		{"kermit sudoku", "thinking about kermit sudoku tonight tbh", Emergency},
		{"forever nap", "i just want to take a forever nap and not deal with any of it", Emergency},
		// a question about means for oneself
		{"lethal amount for me", "would a whole bottle of my seizure meds be enough, asking for me", Emergency},
		{"how long a bottle lasts", "my neurologist says a bottle of my seizure meds lasts three months, is that right?", Clinical},
		// overdose without the word
		{"insulin pens swapped", "swapped my pens, 30 units of the fast one instead of the slow one, it's late so I'll check in the morning", Emergency},
		{"pens swapped last month, over", "last month I swapped my pens and took the fast one instead of the slow one, we rang 111 and I was fine after eating loads. how do you all keep them apart?", Peer},
	}
	for _, tt := range tests {
		if got := Classify(tt.text); (got.Category == Emergency) != (tt.want == Emergency) {
			t.Errorf("%s: Classify(%q) = %v %v, want %v", tt.name, tt.text, got.Category, got.Reasons, tt.want)
		}
	}
}
