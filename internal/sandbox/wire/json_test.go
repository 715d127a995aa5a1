package wire

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"
)

type decodeTarget struct {
	Name  string            `json:"name"`
	Count int               `json:"count"`
	Tags  map[string]string `json:"tags"`
	Inner struct {
		Flag bool `json:"flag"`
	} `json:"inner"`
	Any any `json:"any"`
}

func TestDecodeJSON(t *testing.T) {
	cases := []struct {
		name, body string
		want       decodeTarget
		msg        string // error message prefix; "" = success
	}{
		{name: "empty body is {}", body: ""},
		{name: "whitespace body is {}", body: " \n\t "},
		{name: "object", body: `{"name":"a","count":2,"tags":{"k":"v"},"inner":{"flag":true}}`,
			want: decodeTarget{Name: "a", Count: 2, Tags: map[string]string{"k": "v"}, Inner: struct {
				Flag bool `json:"flag"`
			}{true}}},
		{name: "numbers stay json.Number", body: `{"any":12345678901234567890}`, want: decodeTarget{Any: json.Number("12345678901234567890")}},
		{name: "unknown members ignored", body: `{"other":1}`},
		{name: "trailing object", body: `{} {}`, msg: "Could not parse request body: trailing data"},
		{name: "trailing garbage", body: `{"name":"a"} x`, msg: "Could not parse request body: trailing data"},
		{name: "trailing close brace", body: `{"name":"a"}}`, msg: "Could not parse request body: trailing data"},
		{name: "trailing close bracket", body: `{}]`, msg: "Could not parse request body: trailing data"},
		{name: "trailing whitespace ok", body: "{\"name\":\"a\"}\n", want: decodeTarget{Name: "a"}},
		{name: "syntax error", body: `{"name":`, msg: "Could not parse request body: "},
		{name: "not json", body: `name=a`, msg: "Could not parse request body: "},
		{name: "string for int", body: `{"count":"2"}`, msg: "Invalid type for field count: expected int"},
		{name: "number for string", body: `{"name":1}`, msg: "Invalid type for field name: expected string"},
		{name: "nested type error", body: `{"inner":{"flag":"yes"}}`, msg: "Invalid type for field inner.flag: expected bool"},
		{name: "array for object", body: `[]`, msg: "Invalid type for field : expected wire.decodeTarget"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got decodeTarget
			err := DecodeJSON([]byte(tc.body), &got, "SerializationException")
			if tc.msg == "" {
				if err != nil || !reflect.DeepEqual(got, tc.want) {
					t.Fatalf("got %+v, %v; want %+v", got, err, tc.want)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Status != 400 || e.Code != "SerializationException" || !strings.HasPrefix(e.Message, tc.msg) {
				t.Fatalf("got %v; want 400 SerializationException %q", err, tc.msg)
			}
		})
	}
}

func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{"", "{}", `{"name":"a","count":2}`, `{} {}`, `{}}`, `{"count":"x"}`, `[1,2]`, `null`, `{"any":[{"a":1e400}]}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var v decodeTarget
		err := DecodeJSON([]byte(body), &v, "ValidationException")
		if err == nil {
			return
		}
		var e *Error
		if !errors.As(err, &e) || e.Status != 400 || e.Code != "ValidationException" {
			t.Fatalf("error %v", err)
		}
	})
}

func TestWriteJSON(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, "/", nil)
	r = r.WithContext(WithRequestID(r.Context(), "rid-1"))
	w := httptest.NewRecorder()
	WriteJSON(w, r, ContentTypeAWSJSON11, 201, map[string]any{"at": Epoch(time.Unix(1700000000, 250e6))})
	if w.Code != 201 || w.Header().Get("Content-Type") != ContentTypeAWSJSON11 || w.Header().Get("x-amzn-RequestId") != "rid-1" {
		t.Fatalf("status %d headers %v", w.Code, w.Header())
	}
	if w.Body.String() != `{"at":1700000000.25}` {
		t.Fatalf("body %s", w.Body)
	}
	if _, err := http.ParseTime(w.Header().Get("Date")); err != nil {
		t.Fatalf("Date header: %v", err)
	}
	w = httptest.NewRecorder()
	WriteJSON(w, r, ContentTypeJSON, 200, map[string]any{"bad": make(chan int)})
	if w.Code != 500 || w.Header().Get("x-amzn-ErrorType") != "InternalServerException" {
		t.Fatalf("unencodable value: %d %v", w.Code, w.Header())
	}
}

func TestWriteJSONError(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, "/", nil)
	r = r.WithContext(WithRequestID(r.Context(), "rid-2"))
	w := httptest.NewRecorder()
	e := Errorf(404, "ResourceNotFoundException", "Application %q not found <&>", "a1").With("resourceId", "a1").With("resourceType", "application")
	WriteJSONError(w, r, ContentTypeJSON, e)
	if w.Code != 404 || w.Header().Get("x-amzn-ErrorType") != "ResourceNotFoundException" ||
		w.Header().Get("Content-Type") != ContentTypeJSON || w.Header().Get("x-amzn-RequestId") != "rid-2" {
		t.Fatalf("status %d headers %v", w.Code, w.Header())
	}
	var body map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"__type": "ResourceNotFoundException", "message": `Application "a1" not found <&>`, "resourceId": "a1", "resourceType": "application"}
	if !reflect.DeepEqual(body, want) {
		t.Fatalf("body %v, want %v", body, want)
	}
}

func TestEpoch(t *testing.T) {
	cases := []struct {
		t    time.Time
		want float64
	}{
		{time.Unix(0, 0), 0},
		{time.Unix(1700000000, 0), 1700000000},
		{time.Unix(1700000000, 123456789), 1700000000.123},
		{time.Unix(1700000000, 999999999), 1700000000.999},
	}
	for _, tc := range cases {
		if got := Epoch(tc.t); got != tc.want {
			t.Errorf("Epoch(%v) = %v, want %v", tc.t, got, tc.want)
		}
	}
}
