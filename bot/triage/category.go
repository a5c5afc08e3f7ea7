package triage

import (
	"fmt"
	"strings"
)

// Category is a triage decision. The values are ordered by severity
// (None < Peer < Clinical < Emergency) so that combining two decisions is a
// plain comparison: the higher one wins. Other code (the LLM pass, moderator
// overrides) may only raise a rules decision, which is easy to check with >.
type Category int

const (
	// None: chit-chat, thanks, news. The bot does nothing.
	None Category = iota
	// Peer: an experience or coping question other patients can answer.
	Peer
	// Clinical: needs a clinician (doses, medication changes, test results,
	// new or worsening symptoms). Queued for office hours.
	Clinical
	// Emergency: suicide or self-harm risk, or a medical red flag. Answered at
	// once with crisis resources and a moderator is paged. Never queued.
	Emergency
)

var categoryNames = [...]string{None: "none", Peer: "peer", Clinical: "clinical", Emergency: "emergency"}

// String returns the lower-case name used in JSON, logs and metrics.
func (c Category) String() string {
	if c < None || c > Emergency {
		return fmt.Sprintf("Category(%d)", int(c))
	}
	return categoryNames[c]
}

// Valid reports whether c is one of the four defined categories.
func (c Category) Valid() bool { return c >= None && c <= Emergency }

// ParseCategory is the inverse of String. It ignores surrounding space and
// letter case.
func ParseCategory(s string) (Category, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for i, name := range categoryNames {
		if t == name {
			return Category(i), nil
		}
	}
	return None, fmt.Errorf("triage: unknown category %q (want none, peer, clinical or emergency)", s)
}

// MarshalText makes encoding/json (and others) write the name, not the number.
func (c Category) MarshalText() ([]byte, error) {
	if !c.Valid() {
		return nil, fmt.Errorf("triage: invalid category %d", int(c))
	}
	return []byte(categoryNames[c]), nil
}

// UnmarshalText accepts the names written by MarshalText.
func (c *Category) UnmarshalText(b []byte) error {
	v, err := ParseCategory(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// Decision is the classifier's answer for one message.
type Decision struct {
	Category Category `json:"category"`
	// Reasons are the stable IDs of the rules that support Category, sorted
	// and without duplicates. Empty (not nil) exactly when Category is None.
	Reasons []string `json:"reasons"`
}
