package fakediscord

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/internal/discordspec"
)

// Discord's message limits, from its OpenAPI description
// (internal/discordspec, generated). The 6,000 characters of all embeds
// together and the five action rows are in Discord's documentation only.
const (
	maxContent          = discordspec.MessageContentMax
	maxEmbeds           = discordspec.MessageEmbedsMax
	maxEmbedTitle       = discordspec.EmbedTitleMax
	maxEmbedDescription = discordspec.EmbedDescriptionMax
	maxEmbedFields      = discordspec.EmbedFieldsMax
	maxEmbedFieldName   = discordspec.EmbedFieldNameMax
	maxEmbedFieldValue  = discordspec.EmbedFieldValueMax
	maxEmbedFooter      = discordspec.EmbedFooterTextMax
	maxEmbedAuthor      = discordspec.EmbedAuthorNameMax
	maxEmbedTotal       = 6000
	maxActionRows       = 5
	maxRowComponents    = discordspec.ActionRowComponentsMax
	maxCustomID         = discordspec.CustomIDMax
	maxButtonLabel      = discordspec.ButtonLabelMax
	maxSelectOptions    = discordspec.SelectOptionsMax
	maxChoices          = discordspec.AutocompleteChoicesMax
)

// messagePayload is a message body as the bot sends it (channel messages,
// interaction callback data, webhook executes and edits), decoded field by
// field so that absent and null can be told apart, as PATCH needs.
type messagePayload struct {
	content *string

	embeds    []*discordgo.MessageEmbed
	hasEmbeds bool

	components    []discordgo.MessageComponent
	hasComponents bool

	allowedMentions    *discordgo.MessageAllowedMentions
	hasAllowedMentions bool

	flags    discordgo.MessageFlags
	hasFlags bool

	tts            bool
	reference      *discordgo.MessageReference
	attachments    []*discordgo.MessageAttachment
	hasAttachments bool
	stickers       []string
	hasPoll        bool
}

// parseMessagePayload decodes a message body. prefix is where the message
// sits in the request ("" for channel messages, "data" in interaction
// callbacks), for 50035 error paths.
func parseMessagePayload(raw map[string]json.RawMessage, prefix string) (*messagePayload, *APIError) {
	p := &messagePayload{}
	var fe formErrors
	bad := func(field string) {
		fe.add(joinPath(prefix, field), "MODEL_TYPE_CONVERT", "Could not interpret the value as the expected type.")
	}
	if v, ok := raw["content"]; ok && !isNull(v) {
		var s string
		if json.Unmarshal(v, &s) != nil {
			bad("content")
		} else {
			p.content = &s
		}
	}
	if v, ok := raw["embeds"]; ok && !isNull(v) {
		p.hasEmbeds = true
		if json.Unmarshal(v, &p.embeds) != nil {
			bad("embeds")
		}
		p.embeds = slices.DeleteFunc(p.embeds, func(e *discordgo.MessageEmbed) bool { return e == nil })
	}
	if v, ok := raw["components"]; ok && !isNull(v) {
		p.hasComponents = true
		var parts []json.RawMessage
		if json.Unmarshal(v, &parts) != nil {
			bad("components")
		}
		for i, part := range parts {
			c, err := discordgo.MessageComponentFromJSON(part)
			if err != nil {
				fe.add(joinPath(prefix, "components."+strconv.Itoa(i)), "UNION_TYPE_CHOICES", "Value of field \"type\" must be one of the component types.")
				continue
			}
			p.components = append(p.components, c)
		}
	}
	if v, ok := raw["allowed_mentions"]; ok && !isNull(v) {
		p.hasAllowedMentions = true
		var am discordgo.MessageAllowedMentions
		if json.Unmarshal(v, &am) != nil {
			bad("allowed_mentions")
		} else {
			p.allowedMentions = &am
		}
	}
	if v, ok := raw["flags"]; ok && !isNull(v) {
		p.hasFlags = true
		if json.Unmarshal(v, &p.flags) != nil {
			bad("flags")
		}
	}
	if v, ok := raw["tts"]; ok && !isNull(v) {
		_ = json.Unmarshal(v, &p.tts)
	}
	if v, ok := raw["message_reference"]; ok && !isNull(v) {
		if json.Unmarshal(v, &p.reference) != nil {
			bad("message_reference")
		}
	}
	if v, ok := raw["attachments"]; ok && !isNull(v) {
		p.hasAttachments = true
		if json.Unmarshal(v, &p.attachments) != nil {
			bad("attachments")
		}
	}
	if v, ok := raw["sticker_ids"]; ok && !isNull(v) {
		_ = json.Unmarshal(v, &p.stickers)
	}
	if v, ok := raw["poll"]; ok && !isNull(v) {
		p.hasPoll = true
	}
	if err := fe.err(); err != nil {
		return nil, err
	}
	return p, nil
}

// validate checks Discord's limits on content, embeds, components and
// allowed_mentions.
func (p *messagePayload) validate(prefix string) *APIError {
	var fe formErrors
	path := func(field string) string { return joinPath(prefix, field) }
	if p.content != nil && utf8.RuneCountInString(*p.content) > maxContent {
		fe.add(path("content"), "BASE_TYPE_MAX_LENGTH", maxLengthMsg(maxContent))
	}
	validateEmbeds(&fe, p.embeds, path("embeds"))
	if p.hasComponents && p.flags&discordgo.MessageFlagsIsComponentsV2 == 0 {
		validateComponents(&fe, p.components, path("components"))
	}
	if am := p.allowedMentions; am != nil {
		if slices.Contains(am.Parse, discordgo.AllowedMentionTypeUsers) && len(am.Users) > 0 {
			fe.add(path("allowed_mentions"), "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE", "parse:[\"users\"] and users: [ids...] are mutually exclusive.")
		}
		if slices.Contains(am.Parse, discordgo.AllowedMentionTypeRoles) && len(am.Roles) > 0 {
			fe.add(path("allowed_mentions"), "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE", "parse:[\"roles\"] and roles: [ids...] are mutually exclusive.")
		}
		if len(am.Users) > 100 {
			fe.add(path("allowed_mentions.users"), "BASE_TYPE_MAX_LENGTH", maxLengthMsg(100))
		}
	}
	return fe.err()
}

func runes(s string) int { return utf8.RuneCountInString(s) }

func validateEmbeds(fe *formErrors, embeds []*discordgo.MessageEmbed, path string) {
	if len(embeds) > maxEmbeds {
		fe.add(path, "BASE_TYPE_MAX_LENGTH", maxLengthMsg(maxEmbeds))
	}
	total := 0
	for i, e := range embeds {
		ep := path + "." + strconv.Itoa(i)
		check := func(field, value string, limit int) {
			n := runes(value)
			total += n
			if n > limit {
				fe.add(ep+"."+field, "BASE_TYPE_MAX_LENGTH", maxLengthMsg(limit))
			}
		}
		check("title", e.Title, maxEmbedTitle)
		check("description", e.Description, maxEmbedDescription)
		if e.Footer != nil {
			check("footer.text", e.Footer.Text, maxEmbedFooter)
		}
		if e.Author != nil {
			check("author.name", e.Author.Name, maxEmbedAuthor)
		}
		if len(e.Fields) > maxEmbedFields {
			fe.add(ep+".fields", "BASE_TYPE_MAX_LENGTH", maxLengthMsg(maxEmbedFields))
		}
		for j, f := range e.Fields {
			if f == nil {
				continue
			}
			fp := "fields." + strconv.Itoa(j)
			if f.Name == "" {
				fe.add(ep+"."+fp+".name", "BASE_TYPE_REQUIRED", "This field is required")
			}
			if f.Value == "" {
				fe.add(ep+"."+fp+".value", "BASE_TYPE_REQUIRED", "This field is required")
			}
			check(fp+".name", f.Name, maxEmbedFieldName)
			check(fp+".value", f.Value, maxEmbedFieldValue)
		}
	}
	if total > maxEmbedTotal {
		fe.add(path, "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000")
	}
}

// validateComponents checks classic (non-V2) message components: up to five
// action rows of up to five buttons or one select menu each.
func validateComponents(fe *formErrors, comps []discordgo.MessageComponent, path string) {
	if len(comps) > maxActionRows {
		fe.add(path, "BASE_TYPE_MAX_LENGTH", maxLengthMsg(maxActionRows))
	}
	seen := map[string]bool{}
	for i, c := range comps {
		rp := path + "." + strconv.Itoa(i)
		row, ok := asActionsRow(c)
		if !ok {
			fe.add(rp+".type", "UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (1,).")
			continue
		}
		if len(row.Components) == 0 {
			fe.add(rp+".components", "BASE_TYPE_MIN_LENGTH", "Must be 1 or more in length.")
		}
		if len(row.Components) > maxRowComponents {
			fe.add(rp+".components", "BASE_TYPE_MAX_LENGTH", maxLengthMsg(maxRowComponents))
		}
		selects := 0
		for j, inner := range row.Components {
			cp := rp + ".components." + strconv.Itoa(j)
			switch v := deref(inner).(type) {
			case discordgo.Button:
				validateButton(fe, v, cp, seen)
			case discordgo.SelectMenu:
				selects++
				validateCustomID(fe, v.CustomID, cp, seen)
				if runes(v.Placeholder) > discordspec.SelectPlaceholderMax {
					fe.add(cp+".placeholder", "BASE_TYPE_MAX_LENGTH", maxLengthMsg(discordspec.SelectPlaceholderMax))
				}
				if v.MenuType == discordgo.StringSelectMenu || v.MenuType == 0 {
					if len(v.Options) == 0 {
						fe.add(cp+".options", "BASE_TYPE_MIN_LENGTH", "Must be 1 or more in length.")
					}
					if len(v.Options) > maxSelectOptions {
						fe.add(cp+".options", "BASE_TYPE_MAX_LENGTH", maxLengthMsg(maxSelectOptions))
					}
					for k, o := range v.Options {
						op := cp + ".options." + strconv.Itoa(k)
						if n := runes(o.Label); n < 1 || n > discordspec.SelectOptionLabelMax {
							fe.add(op+".label", "BASE_TYPE_BAD_LENGTH", lengthBetweenMsg(1, discordspec.SelectOptionLabelMax))
						}
						if n := runes(o.Value); n < 1 || n > discordspec.SelectOptionValueMax {
							fe.add(op+".value", "BASE_TYPE_BAD_LENGTH", lengthBetweenMsg(1, discordspec.SelectOptionValueMax))
						}
						if runes(o.Description) > discordspec.SelectOptionDescriptionMax {
							fe.add(op+".description", "BASE_TYPE_MAX_LENGTH", maxLengthMsg(discordspec.SelectOptionDescriptionMax))
						}
					}
				}
			default:
				fe.add(cp+".type", "COMPONENT_TYPE_INVALID", "Component type is not valid in this context.")
			}
		}
		if selects > 0 && len(row.Components) > 1 {
			fe.add(rp+".components", "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "The specified component exceeds the maximum width")
		}
	}
}

func validateButton(fe *formErrors, b discordgo.Button, path string, seen map[string]bool) {
	switch b.Style {
	case discordgo.LinkButton:
		if b.URL == "" {
			fe.add(path+".url", "BUTTON_COMPONENT_URL_REQUIRED", "A url is required")
		} else if runes(b.URL) > discordspec.ButtonURLMax {
			fe.add(path+".url", "BASE_TYPE_MAX_LENGTH", maxLengthMsg(discordspec.ButtonURLMax))
		} else if !linkScheme(b.URL) {
			fe.add(path+".url", "URL_TYPE_INVALID_PROTOCOL", "Scheme must be one of ('http', 'https', 'discord').")
		}
		if b.CustomID != "" {
			fe.add(path+".custom_id", "BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED", "A custom id cannot be specified")
		}
	case discordgo.PremiumButton:
	case discordgo.PrimaryButton, discordgo.SecondaryButton, discordgo.SuccessButton, discordgo.DangerButton:
		validateCustomID(fe, b.CustomID, path, seen)
	default:
		fe.add(path+".style", "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6}.")
	}
	if runes(b.Label) > maxButtonLabel {
		fe.add(path+".label", "BASE_TYPE_MAX_LENGTH", maxLengthMsg(maxButtonLabel))
	}
	if b.Label == "" && b.Emoji == nil && b.Style != discordgo.PremiumButton {
		fe.add(path, "BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED", "A label or emoji is required")
	}
}

func validateCustomID(fe *formErrors, id, path string, seen map[string]bool) {
	switch {
	case id == "":
		fe.add(path+".custom_id", "BASE_TYPE_REQUIRED", "This field is required")
	case runes(id) > maxCustomID:
		fe.add(path+".custom_id", "BASE_TYPE_MAX_LENGTH", maxLengthMsg(maxCustomID))
	case seen[id]:
		fe.add(path+".custom_id", "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated")
	}
	seen[id] = true
}

// deref turns the pointer components discordgo decodes into values, so one
// type switch handles both.
func deref(c discordgo.MessageComponent) discordgo.MessageComponent {
	switch v := c.(type) {
	case *discordgo.ActionsRow:
		return *v
	case *discordgo.Button:
		return *v
	case *discordgo.SelectMenu:
		return *v
	case *discordgo.TextInput:
		return *v
	}
	return c
}

func asActionsRow(c discordgo.MessageComponent) (discordgo.ActionsRow, bool) {
	row, ok := deref(c).(discordgo.ActionsRow)
	return row, ok
}

// isEmptyMessage is Discord's 50006 test: nothing a client could display.
func isEmptyMessage(m *discordgo.Message) bool {
	return m.Content == "" && len(m.Embeds) == 0 && len(m.Attachments) == 0 &&
		len(m.Components) == 0 && len(m.StickerItems) == 0 && m.Poll == nil
}

// linkScheme is Discord's rule for a link button's URL.
func linkScheme(u string) bool {
	for _, p := range []string{"http://", "https://", "discord://"} {
		if strings.HasPrefix(strings.ToLower(u), p) {
			return true
		}
	}
	return false
}
