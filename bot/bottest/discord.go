package bottest

import (
	"context"
	"fmt"
	"sync"

	"github.com/peerhours/peerhours/bot"
)

// Discord is an in-memory bot.Discord. It keeps the roles, channels and
// member roles the domain creates, records every notice posted or edited,
// and fails the operations a test asks it to.
type Discord struct {
	mu          sync.Mutex
	next        int
	Roles       map[string]bot.RoleSpec
	Channels    map[string]bot.ChannelSpec
	MemberRoles map[string]map[string]bool // user → role → held
	Posts       []Posted
	Edits       []Posted
	Threads     map[string]string // message → thread
	ThreadNames map[string]string // thread → name
	Replies     map[string]int    // thread → replies from others
	Messages    map[string]bot.Message
	MemberList  []bot.Member
	// Backlog holds each channel's messages, oldest first, for History.
	Backlog map[string][]bot.Message
	// HistoryCalls counts History requests.
	HistoryCalls int
	// Fail makes the named operation ("CreateRole", "CreateChannel", "Post",
	// …) return this error, once per entry.
	Fail map[string][]error
	// Office holds scheduled events and private threads (officehours.go).
	Office officeState
	// Owner is every server's owner, for GuildOwner.
	Owner string
	// BeforePost, when set, is called with each notice before Post records
	// it, outside the fake's lock: a test can make something happen while
	// a post is on its way.
	BeforePost func(bot.Notice)
}

// Posted is a notice the domain sent.
type Posted struct {
	ID     string
	Notice bot.Notice
}

// NewDiscord returns an empty fake.
func NewDiscord() *Discord {
	return &Discord{
		Roles: map[string]bot.RoleSpec{}, Channels: map[string]bot.ChannelSpec{},
		MemberRoles: map[string]map[string]bool{}, Threads: map[string]string{}, ThreadNames: map[string]string{}, Replies: map[string]int{},
		Messages: map[string]bot.Message{}, Fail: map[string][]error{}, Backlog: map[string][]bot.Message{},
		Owner: "owner",
	}
}

// GuildOwner returns Owner.
func (d *Discord) GuildOwner(_ context.Context, _ string) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.failure("GuildOwner"); err != nil {
		return "", err
	}
	return d.Owner, nil
}

var _ bot.Discord = (*Discord)(nil)

func (d *Discord) id(prefix string) string {
	d.next++
	return fmt.Sprintf("%s%d", prefix, d.next)
}

// FailNext makes the next call of op fail with err.
func (d *Discord) FailNext(op string, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.Fail[op] = append(d.Fail[op], err)
}

func (d *Discord) failure(op string) error {
	if errs := d.Fail[op]; len(errs) > 0 {
		d.Fail[op] = errs[1:]
		return errs[0]
	}
	return nil
}

func (d *Discord) CreateRole(_ context.Context, _ string, r bot.RoleSpec) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.failure("CreateRole"); err != nil {
		return "", err
	}
	id := d.id("role")
	d.Roles[id] = r
	return id, nil
}

func (d *Discord) DeleteRole(_ context.Context, _, roleID string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.Roles, roleID)
	return d.failure("DeleteRole")
}

func (d *Discord) CreateChannel(_ context.Context, _ string, c bot.ChannelSpec) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.failure("CreateChannel"); err != nil {
		return "", err
	}
	id := d.id("chan")
	d.Channels[id] = c
	return id, nil
}

func (d *Discord) DeleteChannel(_ context.Context, channelID string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.Channels, channelID)
	return d.failure("DeleteChannel")
}

func (d *Discord) SetAccess(_ context.Context, _, channelID string, access []bot.Access) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.failure("SetAccess"); err != nil {
		return err
	}
	c, ok := d.Channels[channelID]
	if !ok {
		return bot.Errorf(bot.ENOTFOUND, "unknown channel")
	}
	c.Access = access
	d.Channels[channelID] = c
	return nil
}

func (d *Discord) MoveChannel(_ context.Context, _, channelID, parentID string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	c, ok := d.Channels[channelID]
	if !ok {
		return bot.Errorf(bot.ENOTFOUND, "unknown channel")
	}
	c.ParentID = parentID
	d.Channels[channelID] = c
	return nil
}

func (d *Discord) AddMemberRole(_ context.Context, _, userID, roleID string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.failure("AddMemberRole"); err != nil {
		return err
	}
	if _, ok := d.Roles[roleID]; !ok {
		return bot.Errorf(bot.ENOTFOUND, "unknown role")
	}
	if d.MemberRoles[userID] == nil {
		d.MemberRoles[userID] = map[string]bool{}
	}
	d.MemberRoles[userID][roleID] = true
	return nil
}

func (d *Discord) RemoveMemberRole(_ context.Context, _, userID, roleID string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.MemberRoles[userID], roleID)
	return d.failure("RemoveMemberRole")
}

// HasRole reports whether the fake gave userID the role.
func (d *Discord) HasRole(userID, roleID string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.MemberRoles[userID][roleID]
}

func (d *Discord) Inventory(_ context.Context, _ string) (bot.Inventory, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	inv := bot.Inventory{Roles: map[string]bool{}, Channels: map[string]bool{}}
	for id := range d.Roles {
		inv.Roles[id] = true
	}
	for id := range d.Channels {
		inv.Channels[id] = true
	}
	return inv, d.failure("Inventory")
}

func (d *Discord) Post(_ context.Context, n bot.Notice) (string, error) {
	d.mu.Lock()
	before := d.BeforePost
	d.mu.Unlock()
	if before != nil {
		before(n)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.failure("Post"); err != nil {
		return "", err
	}
	id := d.id("msg")
	d.Posts = append(d.Posts, Posted{ID: id, Notice: n})
	return id, nil
}

func (d *Discord) Edit(_ context.Context, _, messageID string, n bot.Notice) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.failure("Edit"); err != nil {
		return err
	}
	d.Edits = append(d.Edits, Posted{ID: messageID, Notice: n})
	return nil
}

func (d *Discord) StartThread(_ context.Context, _, messageID, name string) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.failure("StartThread"); err != nil {
		return "", err
	}
	id := d.id("thread")
	d.Threads[messageID] = id
	d.ThreadNames[id] = name
	return id, nil
}

func (d *Discord) RepliesFromOthers(_ context.Context, threadID, _ string, limit int) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return min(d.Replies[threadID], limit), d.failure("RepliesFromOthers")
}

func (d *Discord) FetchMessage(_ context.Context, _, messageID string) (bot.Message, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	m, ok := d.Messages[messageID]
	if !ok {
		return m, bot.Errorf(bot.ENOTFOUND, "unknown message")
	}
	return m, nil
}

func (d *Discord) Members(context.Context, string) ([]bot.Member, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.MemberList, nil
}

func (d *Discord) MembersByID(_ context.Context, _ string, userIDs []string) ([]bot.Member, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	want := map[string]bool{}
	for _, id := range userIDs {
		want[id] = true
	}
	var out []bot.Member
	for _, m := range d.MemberList {
		if want[m.ID] {
			out = append(out, m)
		}
	}
	return out, d.failure("MembersByID")
}

// History pages through Backlog like Discord: up to 100 messages older
// than beforeID, newest first.
func (d *Discord) History(_ context.Context, channelID, beforeID string) (bot.HistoryPage, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.HistoryCalls++
	if err := d.failure("History"); err != nil {
		return bot.HistoryPage{}, err
	}
	all := d.Backlog[channelID]
	end := len(all)
	if beforeID != "" {
		end = 0
		for i, m := range all {
			if m.ID == beforeID {
				end = i
				break
			}
		}
	}
	start := max(0, end-100)
	page := bot.HistoryPage{Done: start == 0}
	for i := end - 1; i >= start; i-- {
		page.Messages = append(page.Messages, all[i])
	}
	if end > start {
		page.Oldest = all[start].ID
	}
	return page, nil
}

// Notices returns the posted notices of type T, in order.
func Notices[T bot.Notice](d *Discord) []T {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []T
	for _, p := range d.Posts {
		if n, ok := p.Notice.(T); ok {
			out = append(out, n)
		}
	}
	return out
}
