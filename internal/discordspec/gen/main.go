// Command gen writes the request limits peerhours needs in code, read from
// Discord's OpenAPI description, as Go constants (go generate
// ./internal/discordspec). The table below is the whole list: a limit the
// code needs is added here, never typed by hand into the code.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
)

// limit names one keyword of one property of one component schema.
type limit struct {
	name     string // the Go constant
	schema   string // components/schemas/<schema>
	property string // properties/<property>
	keyword  string // maxLength, maxItems, maximum, minLength …
	doc      string
}

var table = []limit{
	// Messages. Bots and webhooks get 2,000 characters; the spec's 4,000 on
	// MessageCreateRequest.content is what Nitro users may send.
	{"MessageContentMax", "IncomingWebhookRequestPartial", "content", "maxLength", "characters of a message's content (bots and webhooks)"},
	{"MessageEmbedsMax", "IncomingWebhookRequestPartial", "embeds", "maxItems", "embeds in one message"},
	{"MessageAttachmentsMax", "IncomingWebhookRequestPartial", "attachments", "maxItems", "attachments in one message"},
	{"EmbedTitleMax", "RichEmbed", "title", "maxLength", "characters of an embed's title"},
	{"EmbedDescriptionMax", "RichEmbed", "description", "maxLength", "characters of an embed's description"},
	{"EmbedFieldsMax", "RichEmbed", "fields", "maxItems", "fields in one embed"},
	{"EmbedFieldNameMax", "RichEmbedField", "name", "maxLength", "characters of an embed field's name"},
	{"EmbedFieldValueMax", "RichEmbedField", "value", "maxLength", "characters of an embed field's value"},
	{"EmbedFooterTextMax", "RichEmbedFooter", "text", "maxLength", "characters of an embed's footer"},
	{"EmbedAuthorNameMax", "RichEmbedAuthor", "name", "maxLength", "characters of an embed author's name"},

	// Components.
	{"ActionRowComponentsMax", "ActionRowComponentForMessageRequest", "components", "maxItems", "components in one action row"},
	{"CustomIDMax", "ButtonComponentForMessageRequest", "custom_id", "maxLength", "characters of a component's custom_id"},
	{"ButtonLabelMax", "ButtonComponentForMessageRequest", "label", "maxLength", "characters of a button's label"},
	{"ButtonURLMax", "ButtonComponentForMessageRequest", "url", "maxLength", "characters of a link button's URL"},
	{"SelectOptionsMax", "StringSelectComponentForMessageRequest", "options", "maxItems", "options of a string select menu"},
	{"SelectPlaceholderMax", "StringSelectComponentForMessageRequest", "placeholder", "maxLength", "characters of a select menu's placeholder"},
	{"SelectOptionLabelMax", "StringSelectOptionForRequest", "label", "maxLength", "characters of a select option's label"},
	{"SelectOptionValueMax", "StringSelectOptionForRequest", "value", "maxLength", "characters of a select option's value"},
	{"SelectOptionDescriptionMax", "StringSelectOptionForRequest", "description", "maxLength", "characters of a select option's description"},

	// Modals.
	{"ModalTitleMax", "ModalInteractionCallbackRequestData", "title", "maxLength", "characters of a modal's title"},
	{"TextInputLabelMax", "TextInputComponentForModalRequest", "label", "maxLength", "characters of a text input's label"},
	{"TextInputPlaceholderMax", "TextInputComponentForModalRequest", "placeholder", "maxLength", "characters of a text input's placeholder"},
	{"TextInputValueMax", "TextInputComponentForModalRequest", "value", "maxLength", "characters of a text input's prefilled value"},
	{"TextInputLengthMax", "TextInputComponentForModalRequest", "max_length", "maximum", "the largest max_length a text input may ask for"},

	// Channels, threads and scheduled events.
	{"ChannelNameMax", "CreateGuildChannelRequest", "name", "maxLength", "characters of a channel's name"},
	{"ChannelTopicMax", "CreateGuildChannelRequest", "topic", "maxLength", "characters of a channel's topic"},
	{"ThreadNameMax", "CreateTextThreadWithoutMessageRequest", "name", "maxLength", "characters of a thread's name"},
	{"EventNameMax", "ExternalScheduledEventCreateRequest", "name", "maxLength", "characters of a scheduled event's name"},
	{"EventDescriptionMax", "ExternalScheduledEventCreateRequest", "description", "maxLength", "characters of a scheduled event's description"},
	{"AutocompleteChoicesMax", "ApplicationCommandStringOption", "choices", "maxItems", "choices of an option (and of an autocomplete answer)"},
}

func main() {
	specPath := flag.String("spec", "openapi.json", "Discord's OpenAPI description")
	out := flag.String("out", "limits.go", "the Go file to write")
	flag.Parse()
	raw, err := os.ReadFile(*specPath)
	if err != nil {
		log.Fatal(err)
	}
	var spec struct {
		Info struct {
			Version string `json:"version"`
		} `json:"info"`
		Components struct {
			Schemas map[string]struct {
				Properties map[string]map[string]any `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &spec); err != nil {
		log.Fatalf("%s: %v", *specPath, err)
	}
	var b bytes.Buffer
	b.WriteString("// Code generated by go generate ./internal/discordspec (gen/main.go) from openapi.json; DO NOT EDIT.\n\n")
	b.WriteString("package discordspec\n\n")
	fmt.Fprintf(&b, "// Request limits from Discord's OpenAPI description (API v%s).\nconst (\n", spec.Info.Version)
	for _, l := range table {
		schema, ok := spec.Components.Schemas[l.schema]
		if !ok {
			log.Fatalf("%s: no schema %s", l.name, l.schema)
		}
		prop, ok := schema.Properties[l.property]
		if !ok {
			log.Fatalf("%s: schema %s has no property %s", l.name, l.schema, l.property)
		}
		v, ok := prop[l.keyword].(float64)
		if !ok {
			log.Fatalf("%s: %s.%s has no %s", l.name, l.schema, l.property, l.keyword)
		}
		fmt.Fprintf(&b, "\t// %s is the most %s (%s.%s %s).\n", l.name, l.doc, l.schema, l.property, l.keyword)
		fmt.Fprintf(&b, "\t%s = %d\n", l.name, int64(v))
	}
	b.WriteString(")\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
}
