package bot

import (
	"strings"

	"github.com/peerhours/peerhours/bot/redact"
)

// The LLM's output is checked like its input. A model may invent or echo an
// identifier ("Alice Smith (415-555-0134)") that the redacted input never
// held, and may slip from reporting what members said into telling
// patients what to do ("double your insulin tonight"). So, after the
// checks of cleanDraft and before anything is stored or posted:
//
//   - every statement goes through the same Pseudonymizer as the summary's
//     messages (with the same member list): a member's name becomes their
//     "Member A", anyone else "Person N", a place "Place N", numbers and
//     addresses their placeholders, consistently with the messages;
//   - statements that read as an instruction to patients about their
//     treatment are moved to a section of their own (Draft.Flagged) that
//     the review post shows as the model's wording to check, quoted, not as
//     the summary's voice.

// redactDraft runs every statement of d through p.
func redactDraft(d Draft, p *redact.Pseudonymizer) Draft {
	if p == nil {
		return d
	}
	red := func(items []SummaryItem) []SummaryItem {
		out := make([]SummaryItem, 0, len(items))
		for _, it := range items {
			it.Text = p.Redact(it.Text)
			out = append(out, it)
		}
		return out
	}
	out := Draft{Themes: red(d.Themes), Questions: red(d.Questions), Misinformation: red(d.Misinformation),
		Safety: red(d.Safety), Flagged: red(d.Flagged)}
	if d.Overview.Text != "" {
		out.Overview = SummaryItem{Text: p.Redact(d.Overview.Text), Cites: d.Overview.Cites}
	}
	return out
}

// flagInstructions moves the statements that read as instructions to
// patients into d.Flagged. Safety statements are left where they are: the
// safety section must not lose an item, and its fixed texts are peerhours'
// own.
func flagInstructions(d Draft) Draft {
	move := func(items []SummaryItem) []SummaryItem {
		out := items[:0:0]
		for _, it := range items {
			if readsAsInstruction(it.Text) {
				d.Flagged = append(d.Flagged, it)
				continue
			}
			out = append(out, it)
		}
		return out
	}
	d.Themes, d.Questions, d.Misinformation = move(d.Themes), move(d.Questions), move(d.Misinformation)
	if d.Overview.Text != "" && readsAsInstruction(d.Overview.Text) {
		d.Flagged = append([]SummaryItem{d.Overview}, d.Flagged...)
		d.Overview = SummaryItem{}
	}
	return d
}

// readsAsInstruction reports a statement that tells the reader what to do
// about a treatment: a clause that starts with an imperative ("double your
// insulin", "don't take", "please stop") or speaks to "you" with a modal
// ("you should take"), and that names a medicine, a dose or a way of
// taking one. Reports of what members did or said ("Member A doubled
// their insulin") are not instructions.
func readsAsInstruction(text string) bool {
	for _, clause := range clauses(text) {
		ws := words(clause)
		if len(ws) < 2 || !treatmentWords(ws) {
			continue
		}
		if imperative(ws) || addressed(ws) {
			return true
		}
	}
	return false
}

// clauses splits text at sentence ends, semicolons, colons and dashes.
func clauses(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool {
		return strings.ContainsRune(".!?;:\n—–", r)
	})
}

// imperative: the clause starts (after a softener) with a verb of taking
// or changing a treatment, or with "don't"/"do not"/"never"/"always".
func imperative(ws []string) bool {
	i := 0
	for i < len(ws)-1 && softeners[ws[i]] {
		i++
	}
	switch {
	case instructionVerbs[ws[i]]:
		return true
	case ws[i] == "dont" || ws[i] == "never" || ws[i] == "always":
		return i+1 < len(ws) && instructionVerbs[ws[i+1]]
	case ws[i] == "do" && i+2 < len(ws) && ws[i+1] == "not":
		return instructionVerbs[ws[i+2]]
	}
	return false
}

// addressed: "you" followed closely by a modal of advice, or "your" before
// a treatment word with an instruction verb in the clause.
func addressed(ws []string) bool {
	verb := false
	for _, w := range ws {
		if instructionVerbs[w] {
			verb = true
		}
	}
	for i, w := range ws {
		if w != "you" && w != "youll" && w != "youd" {
			continue
		}
		for _, m := range ws[i+1 : min(i+4, len(ws))] {
			if adviceModals[m] {
				return true
			}
		}
	}
	if !verb {
		return false
	}
	for i, w := range ws {
		if w == "your" && i+1 < len(ws) && treatment[ws[i+1]] {
			return true
		}
	}
	return false
}

// treatmentWords: the clause names a medicine, a dose or a way of taking one.
func treatmentWords(ws []string) bool {
	for i, w := range ws {
		if treatment[w] {
			return true
		}
		// a number with a dose unit: "2 units", "500 mg"
		if i+1 < len(ws) && strings.IndexFunc(w, func(r rune) bool { return r < '0' || r > '9' }) < 0 && doseUnits[ws[i+1]] {
			return true
		}
	}
	return false
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

var (
	softeners = wordSet(`please just so then and now also simply maybe try to first`)
	// instructionVerbs are verbs of taking or changing a treatment.
	instructionVerbs = wordSet(`take double triple halve half increase decrease reduce lower raise up cut stop skip
		start restart switch inject bolus dose titrate wean quit discontinue use add drop swap split crush give
		adjust change keep avoid inhale puff apply eat drink correct treat hold pause`)
	adviceModals = wordSet(`should must need needs have ought can could better might`)
	treatment    = wordSet(`insulin insulins dose doses dosage dosing units unit mg mcg ml milligrams tablet tablets
		pill pills capsule capsules meds med medication medications medicine medicines drug drugs inhaler inhalers
		puffs puff injection injections shot shots basal bolus pump steroid steroids prednisone prednisolone
		metformin glucagon antibiotic antibiotics statin statins aspirin ibuprofen paracetamol acetaminophen
		inulin ozempic semaglutide mounjaro tirzepatide lantus humalog novorapid levemir tresiba jardiance
		albuterol salbutamol ventolin symbicort advair montelukast epipen adrenaline epinephrine warfarin
		lisinopril amlodipine sertraline prescription prescriptions carbs carb`)
	doseUnits = wordSet(`units unit mg mcg ml g tablets tablet pills pill puffs puff doses dose iu`)
)
