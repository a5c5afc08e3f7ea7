package redact

// Kind says what sort of identifier a span is; it picks the placeholder that replaces it.
type Kind string

// The kinds of identifier the redactor finds. Channel and role mentions are not personal on
// their own, but they can point at a small private group, so they are replaced as well.
const (
	KindName    Kind = "name"
	KindEmail   Kind = "email"
	KindPhone   Kind = "phone"
	KindAddress Kind = "address"
	KindDate    Kind = "date"
	KindID      Kind = "id"
	KindURL     Kind = "url"
	KindChannel Kind = "channel"
	KindRole    Kind = "role"
)

// Kinds lists every kind, in the order reports print them.
var Kinds = []Kind{KindName, KindEmail, KindPhone, KindAddress, KindDate, KindID, KindURL, KindChannel, KindRole}

// Placeholder is the text that replaces an identifier of this kind, e.g. "[email]".
func (k Kind) Placeholder() string {
	switch k { // constants, so redacting allocates nothing per span
	case KindName:
		return "[name]"
	case KindEmail:
		return "[email]"
	case KindPhone:
		return "[phone]"
	case KindAddress:
		return "[address]"
	case KindDate:
		return "[date]"
	case KindID:
		return "[id]"
	case KindURL:
		return "[url]"
	case KindChannel:
		return "[channel]"
	case KindRole:
		return "[role]"
	}
	return "[" + string(k) + "]"
}

// Span is one identifier found in a text: bytes [Start, End) of the text, its kind, and for
// names and user mentions the Discord user ID it refers to when that is known ("" otherwise).
type Span struct {
	Start, End int
	Kind       Kind
	UserID     string
}

// priority breaks ties when two detectors claim the same bytes with spans of equal length:
// the more specific detector wins (an email address is also a run of name-like words).
func (k Kind) priority() int {
	switch k {
	case KindEmail:
		return 9
	case KindURL:
		return 8
	case KindPhone:
		return 7
	case KindID:
		return 6
	case KindAddress:
		return 5
	case KindDate:
		return 4
	case KindName:
		return 3
	case KindChannel:
		return 2
	case KindRole:
		return 1
	}
	return 0
}
