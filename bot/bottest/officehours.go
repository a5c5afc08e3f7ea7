package bottest

import (
	"context"

	"github.com/peerhours/peerhours/bot"
)

// Event is a scheduled event the fake holds.
type Event struct {
	GuildID string
	Spec    bot.EventSpec
	Status  bot.EventStatus
}

// PrivateThread is a private thread the fake opened.
type PrivateThread struct {
	ChannelID string
	Name      string
	Members   []string
}

// officeState is what the office-hours methods keep.
type officeState struct {
	Events         map[string]*Event
	PrivateThreads map[string]PrivateThread
}

func (d *Discord) office() *officeState {
	if d.Office.Events == nil {
		d.Office.Events = map[string]*Event{}
		d.Office.PrivateThreads = map[string]PrivateThread{}
	}
	return &d.Office
}

func (d *Discord) CreateEvent(_ context.Context, guildID string, e bot.EventSpec) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.failure("CreateEvent"); err != nil {
		return "", err
	}
	id := d.id("event")
	d.office().Events[id] = &Event{GuildID: guildID, Spec: e, Status: bot.EventScheduled}
	return id, nil
}

func (d *Discord) SetEventStatus(_ context.Context, _, eventID string, st bot.EventStatus) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.failure("SetEventStatus"); err != nil {
		return err
	}
	ev, ok := d.office().Events[eventID]
	if !ok {
		return bot.Errorf(bot.ENOTFOUND, "unknown event")
	}
	ev.Status = st
	return nil
}

func (d *Discord) StartPrivateThread(_ context.Context, channelID, name string, members []string) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.failure("StartPrivateThread"); err != nil {
		return "", err
	}
	id := d.id("private")
	d.office().PrivateThreads[id] = PrivateThread{ChannelID: channelID, Name: name, Members: members}
	return id, nil
}

// Event returns a copy of the event with this ID.
func (d *Discord) Event(id string) (Event, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	ev, ok := d.office().Events[id]
	if !ok {
		return Event{}, false
	}
	return *ev, true
}

// EventCount counts the events the fake holds.
func (d *Discord) EventCount() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.office().Events)
}

// Access returns the access last set on a channel.
func (d *Discord) Access(channelID string) []bot.Access {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.Channels[channelID].Access
}
