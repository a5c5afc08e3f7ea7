package redact

// Kind says what sort of identifier a span is; it picks the placeholder that replaces it.
type Kind string

// The kinds of identifier the redactor finds, one or more for each of the Safe Harbor
// identifiers that occur in chat. Channel and role mentions are not personal on their own,
// but they can point at a small private group, so they are replaced as well.
const (
	KindName    Kind = "name"    // people, members or not, and their handles
	KindEmail   Kind = "email"   // email addresses
	KindPhone   Kind = "phone"   // phone and fax numbers, in digits or in words
	KindAddress Kind = "address" // streets, house numbers, rural routes, PO boxes, postcodes
	KindPlace   Kind = "place"   // towns, cities, counties and care facilities
	KindZIP     Kind = "zip"     // US ZIP codes (the first three digits stay where allowed)
	KindDate    Kind = "date"    // dates tied to a person
	KindAge     Kind = "age"     // ages over 89
	KindID      Kind = "id"      // SSNs, record, plan, account, licence numbers, other codes
	KindVehicle Kind = "vehicle" // licence plates and VINs
	KindDevice  Kind = "device"  // device serial numbers and identifiers
	KindIP      Kind = "ip"      // IPv4 and IPv6 addresses
	KindPhoto   Kind = "photo"   // file names and links of photos, voice notes and videos
	KindURL     Kind = "url"     // links
	KindChannel Kind = "channel" // channel mentions
	KindRole    Kind = "role"    // role mentions
)

// Kinds lists every kind, in the order reports print them.
var Kinds = []Kind{KindName, KindEmail, KindPhone, KindAddress, KindPlace, KindZIP, KindDate, KindAge,
	KindID, KindVehicle, KindDevice, KindIP, KindPhoto, KindURL, KindChannel, KindRole}

// Placeholder is the text that replaces an identifier of this kind, e.g. "[email]". An age
// over 89 becomes "[age 90+]", the one age category Safe Harbor lets through.
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
	case KindPlace:
		return "[place]"
	case KindZIP:
		return "[zip]"
	case KindDate:
		return "[date]"
	case KindAge:
		return "[age 90+]"
	case KindID:
		return "[id]"
	case KindVehicle:
		return "[vehicle]"
	case KindDevice:
		return "[device]"
	case KindIP:
		return "[ip]"
	case KindPhoto:
		return "[photo]"
	case KindURL:
		return "[url]"
	case KindChannel:
		return "[channel]"
	case KindRole:
		return "[role]"
	}
	return "[" + string(k) + "]"
}

// placeholderKind is the kind whose placeholder p is, or "".
func placeholderKind(p string) Kind {
	for _, k := range Kinds {
		if k.Placeholder() == p {
			return k
		}
	}
	return ""
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
		return 16
	case KindPhoto:
		return 15
	case KindURL:
		return 14
	case KindIP:
		return 13
	case KindPhone:
		return 12
	case KindVehicle:
		return 11
	case KindDevice:
		return 10
	case KindID:
		return 9
	case KindAge:
		return 8
	case KindAddress:
		return 7
	case KindZIP:
		return 6
	case KindDate:
		return 5
	case KindPlace:
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
