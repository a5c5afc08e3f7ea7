package bot

import "testing"

func TestReadsAsInstruction(t *testing.T) {
	for text, want := range map[string]bool{
		"Double your insulin tonight.":                                     true,
		"Members agreed: just stop taking metformin if it upsets you.":     true,
		"Don't take more than 2 tablets.":                                  true,
		"You should increase your basal rate by 2 units.":                  true,
		"Take 500 mg with food":                                            true,
		"If lows continue, lower your dose.":                               true,
		"Please skip the evening bolus when exercising.":                   true,
		"Member A doubled their insulin and felt shaky.":                   false,
		"Member B asked whether to take metformin with food.":              false,
		"Several members described stopping metformin because of nausea.":  false,
		"Members discussed night lows and how they treat them with juice.": false,
		"A member was told by Person 1 to halve their dose.":               false,
		"Ask your clinician before any change.":                            false,
		"Members recommend keeping a diary of sugar levels.":               false,
		"Is it safe to take ibuprofen with prednisone?":                    false,
		"Member C's question: can they take ibuprofen with prednisone?":    false,
	} {
		if got := readsAsInstruction(text); got != want {
			t.Errorf("readsAsInstruction(%q) = %v, want %v", text, got, want)
		}
	}
}
