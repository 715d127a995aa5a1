package sessiontest

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/session"
)

func testSessionRoundTrip(t *testing.T, e env) {
	s := newSession(t, e, mary)
	want := *s
	want.SignIn = append([]byte(nil), s.SignIn...)
	want.User.Groups = append([]string(nil), s.User.Groups...)
	create(t, e, s)

	// The caller's value changes after Create: the stored one must not.
	s.SignIn[0]++
	s.User.Groups[0] = "admins"
	s.CSRF = "changed"

	got := mustGet(t, e, &want)
	// A caller changes what Get returned: the stored one must not.
	got.SignIn[1]++
	got.User.Groups[1] = "admins"
	got.User.Subject = "mateo"
	mustGet(t, e, &want)

	// A session with only the required fields round-trips as well.
	bare := &session.Session{
		ID:      s.ID + "-bare",
		User:    identity.Identity{Issuer: mary.Issuer, Subject: mary.Subject},
		Mode:    identity.ModeSAML,
		Expires: e.clock.Now().Add(Long).Round(0),
	}
	create(t, e, bare)
	mustGet(t, e, bare)
}

func testCreateTakenID(t *testing.T, e env) {
	first := newSession(t, e, mary)
	create(t, e, first)
	second := newSession(t, e, mateo)
	second.ID = first.ID
	if err := e.store.Create(e.ctx, second); !errors.Is(err, session.ErrExists) {
		t.Fatalf("Create under a taken id = %v, want ErrExists", err)
	}
	mustGet(t, e, first)
}

func testCreateEnded(t *testing.T, e env) {
	s := newSession(t, e, mary)
	s.Expires = e.clock.Now().Add(-time.Second)
	if err := e.store.Create(e.ctx, s); err == nil {
		t.Fatal("Create of a session that has already ended succeeded")
	}
	if _, err := e.store.Get(e.ctx, s.ID); !errors.Is(err, session.ErrNotFound) {
		t.Fatalf("Get after a refused Create = %v, want ErrNotFound", err)
	}
}

func testGetMissing(t *testing.T, e env) {
	if _, err := e.store.Get(e.ctx, "no-such-session"); !errors.Is(err, session.ErrNotFound) {
		t.Fatalf("Get of a missing id = %v, want ErrNotFound", err)
	}
}

func testUpdate(t *testing.T, e env) {
	s := newSession(t, e, mary)
	other := newSession(t, e, mateo)
	create(t, e, s)
	create(t, e, other)
	s.LastSeen = s.LastSeen.Add(time.Minute)
	s.Expires = s.Expires.Add(time.Minute)
	s.SignIn = []byte("renewed\x00sign-in")
	if err := e.store.Update(e.ctx, s); err != nil {
		t.Fatalf("Update: %v", err)
	}
	mustGet(t, e, s)
	mustGet(t, e, other)

	never := newSession(t, e, mary)
	if err := e.store.Update(e.ctx, never); !errors.Is(err, session.ErrNotFound) {
		t.Fatalf("Update of a session never created = %v, want ErrNotFound", err)
	}
	if _, err := e.store.Get(e.ctx, never.ID); !errors.Is(err, session.ErrNotFound) {
		t.Fatalf("Update created a session: Get = %v", err)
	}
}

// testUpdateCannotChangeUser: a session belongs to one user for its life;
// an update naming another is refused and changes nothing.
func testUpdateCannotChangeUser(t *testing.T, e env) {
	s := newSession(t, e, mary)
	create(t, e, s)
	changed := *s
	changed.User = mateo
	if err := e.store.Update(e.ctx, &changed); err == nil {
		t.Fatal("Update moved a session to another user")
	}
	mustGet(t, e, s)
	if n, err := e.store.DeleteUser(e.ctx, session.Owner(mateo)); err != nil || n != 0 {
		t.Fatalf("DeleteUser(mateo) = %d, %v; want 0", n, err)
	}
}

func testUpdateAfterDelete(t *testing.T, e env) {
	s := newSession(t, e, mary)
	create(t, e, s)
	if err := e.store.Delete(e.ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.store.Update(e.ctx, s); !errors.Is(err, session.ErrNotFound) {
		t.Fatalf("Update after Delete = %v, want ErrNotFound (a logout wins over a refresh)", err)
	}
	if _, err := e.store.Get(e.ctx, s.ID); !errors.Is(err, session.ErrNotFound) {
		t.Fatalf("Update brought a deleted session back: Get = %v", err)
	}
}

// testLogoutWinsOverRefresh races refreshes against a logout: once Delete
// has returned, the session stays gone.
func testLogoutWinsOverRefresh(t *testing.T, e env) {
	s := newSession(t, e, mary)
	create(t, e, s)
	const refreshers = 4
	var wg, running sync.WaitGroup
	errs := make(chan error, refreshers)
	for i := range refreshers {
		wg.Add(1)
		running.Add(1)
		go func() {
			defer wg.Done()
			c := *s
			for n := 0; ; n++ {
				c.LastSeen = s.LastSeen.Add(time.Duration(i*1000+n) * time.Millisecond)
				err := e.store.Update(e.ctx, &c)
				if n == 0 {
					running.Done() // refreshing before the logout, and during it
				}
				if errors.Is(err, session.ErrNotFound) {
					return
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	running.Wait()
	if err := e.store.Delete(e.ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("Update: %v", err)
	}
	if _, err := e.store.Get(e.ctx, s.ID); !errors.Is(err, session.ErrNotFound) {
		t.Fatalf("a refresh after the logout brought the session back: Get = %v", err)
	}
}

func testDelete(t *testing.T, e env) {
	s := newSession(t, e, mary)
	other := newSession(t, e, mary)
	create(t, e, s)
	create(t, e, other)
	for range 2 { // deleting what is gone is not an error
		if err := e.store.Delete(e.ctx, s.ID); err != nil {
			t.Fatalf("Delete: %v", err)
		}
	}
	if _, err := e.store.Get(e.ctx, s.ID); !errors.Is(err, session.ErrNotFound) {
		t.Fatalf("Get after Delete = %v, want ErrNotFound", err)
	}
	if err := e.store.Delete(e.ctx, "never-there"); err != nil {
		t.Fatalf("Delete of a missing id: %v", err)
	}
	mustGet(t, e, other)
}

func testSessionEnds(t *testing.T, e env) {
	ending := newSession(t, e, mary)
	ending.Expires = e.clock.Now().Add(Short)
	staying := newSession(t, e, mary)
	create(t, e, ending)
	create(t, e, staying)
	if e.fake {
		e.clock.Advance(Short - time.Nanosecond)
		mustGet(t, e, ending)
	}
	e.clock.Advance(Short + slack)
	if _, err := e.store.Get(e.ctx, ending.ID); !errors.Is(err, session.ErrNotFound) {
		t.Fatalf("Get after Expires = %v, want ErrNotFound", err)
	}
	if err := e.store.Update(e.ctx, ending); !errors.Is(err, session.ErrNotFound) {
		t.Fatalf("Update after Expires = %v, want ErrNotFound", err)
	}
	if n, err := e.store.Count(e.ctx); err != nil || n != 1 {
		t.Fatalf("Count = %d, %v; want 1 (the ended session is not live)", n, err)
	}
	// The ended session's id is free again, here for another user, whom
	// Mary's DeleteUser must not reach.
	again := newSession(t, e, mateo)
	again.ID = ending.ID
	create(t, e, again)
	if n, err := e.store.DeleteUser(e.ctx, session.Owner(mary)); err != nil || n != 1 {
		t.Fatalf("DeleteUser(mary) = %d, %v; want 1 (the ended session is not counted)", n, err)
	}
	mustGet(t, e, again)
}

func testDeleteUser(t *testing.T, e env) {
	var marys []*session.Session
	for range 3 {
		s := newSession(t, e, mary)
		create(t, e, s)
		marys = append(marys, s)
	}
	elsewhere := newSession(t, e, maryElsewhere)
	mateos := newSession(t, e, mateo)
	create(t, e, elsewhere)
	create(t, e, mateos)
	if err := e.store.Delete(e.ctx, marys[0].ID); err != nil {
		t.Fatal(err)
	}

	n, err := e.store.DeleteUser(e.ctx, session.Owner(mary))
	if err != nil || n != 2 {
		t.Fatalf("DeleteUser(mary) = %d, %v; want 2", n, err)
	}
	for _, s := range marys {
		if _, err := e.store.Get(e.ctx, s.ID); !errors.Is(err, session.ErrNotFound) {
			t.Fatalf("Mary's session after DeleteUser: Get = %v", err)
		}
	}
	mustGet(t, e, elsewhere) // the same subject at another issuer is another user
	mustGet(t, e, mateos)
	for _, owner := range []string{session.Owner(mary), "no-such-owner"} {
		if n, err := e.store.DeleteUser(e.ctx, owner); err != nil || n != 0 {
			t.Fatalf("DeleteUser with nothing left = %d, %v; want 0", n, err)
		}
	}
	// Mary signs in again afterwards: her new session is filed as before.
	fresh := newSession(t, e, mary)
	create(t, e, fresh)
	if n, err := e.store.DeleteUser(e.ctx, session.Owner(mary)); err != nil || n != 1 {
		t.Fatalf("DeleteUser after a new sign-in = %d, %v; want 1", n, err)
	}
}

func testCount(t *testing.T, e env) {
	count := func(want int) {
		t.Helper()
		if n, err := e.store.Count(e.ctx); err != nil || n != want {
			t.Fatalf("Count = %d, %v; want %d", n, err, want)
		}
	}
	count(0)
	var ss []*session.Session
	for _, u := range []identity.Identity{mary, mary, mateo, maryElsewhere, mateo} {
		s := newSession(t, e, u)
		create(t, e, s)
		ss = append(ss, s)
	}
	count(5)
	if err := e.store.Delete(e.ctx, ss[0].ID); err != nil {
		t.Fatal(err)
	}
	count(4)
	if _, err := e.store.DeleteUser(e.ctx, session.Owner(mateo)); err != nil {
		t.Fatal(err)
	}
	count(2)
	ss[3].Expires = e.clock.Now().Add(Short)
	if err := e.store.Update(e.ctx, ss[3]); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(Short + slack)
	count(1)
}
