package triage

import "testing"

// The European rules on their own (the learned layer reads these languages
// too, but the plainest emergencies must not depend on it), with negated
// and harmless twins.
func TestEuropeanRules(t *testing.T) {
	tests := []struct {
		text string
		want Category
	}{
		// Portuguese
		{"não aguento mais, quero morrer", Emergency},
		{"tomei todos os comprimidos da caixa", Emergency},
		{"estou com uma dor forte no peito e suando", Emergency},
		{"não quero morrer, só estou cansada da doença", None},
		{"tô morrendo de rir com esse meme", None},
		// French
		{"je veux mourir, j'en peux plus", Emergency},
		{"j'ai pris toute la boîte de médicaments", Emergency},
		{"mon mari n'arrive plus à respirer", Emergency},
		{"je ne veux pas mourir, j'ai juste peur", None},
		{"je veux pas mourir de cette maladie, alors je fais attention", None},
		{"je suis mort de rire", None},
		// German
		{"ich will nicht mehr leben", Emergency},
		{"ich habe alle Tabletten genommen", Emergency},
		{"starker Druck auf der Brust seit einer Stunde", Emergency},
		{"ich will nicht sterben, deshalb nehme ich meine Medikamente", None},
		{"ich sterbe vor Hunger", None},
		// Italian
		{"voglio morire, non ce la faccio più", Emergency},
		{"ho preso tutte le pastiglie", Emergency},
		{"mia madre è svenuta e non si sveglia", Emergency},
		{"non voglio morire, voglio curarmi", None},
		{"questo caldo mi ammazza", None},
	}
	for _, tt := range tests {
		d := analyzeRules(tt.text)
		if d.Category != tt.want {
			t.Errorf("rules on %q = %v %v, want %v", tt.text, d.Category, d.Reasons, tt.want)
		}
	}
}
