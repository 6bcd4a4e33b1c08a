// A third-party varlink client against civicd: Debian's Go varlink
// library (golang-github-varlink-go-dev) connects, asks GetInfo, parses
// every interface description with its own IDL parser, and makes a read
// call, a refused call and a streamed call. Prints TAP.
//
// usage: varlink-go SOCKET
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/varlink/go/varlink"
	"github.com/varlink/go/varlink/idl"
)

var n, failed int

func check(ok bool, desc string, why interface{}) {
	n++
	if ok {
		fmt.Printf("ok %d - %s\n", n, desc)
		return
	}
	failed++
	fmt.Printf("not ok %d - %s\n# %v\n", n, desc, why)
}

func main() {
	ctx := context.Background()
	c, err := varlink.NewConnection(ctx, "unix:"+os.Args[1])
	if err != nil {
		fmt.Printf("1..1\nnot ok 1 - connect: %v\n", err)
		os.Exit(1)
	}
	defer c.Close()

	var vendor, product, version, url string
	var ifaces []string
	err = c.GetInfo(ctx, &vendor, &product, &version, &url, &ifaces)
	check(err == nil && vendor == "civic", "GetInfo, which the library sends with parameters null", err)

	for _, name := range ifaces {
		desc, err := c.GetInterfaceDescription(ctx, name)
		if err == nil {
			_, err = idl.New(desc)
		}
		check(err == nil, "the library's IDL parser reads "+name, err)
	}

	var list struct {
		Meetings []json.RawMessage `json:"meetings"`
	}
	err = c.Call(ctx, "dk.civic.meetings.List", nil, &list)
	check(err == nil && len(list.Meetings) > 0, "a read call: dk.civic.meetings.List", err)

	var me json.RawMessage
	err = c.Call(ctx, "dk.civic.applicants.Me", nil, &me)
	verr, isVarlink := err.(*varlink.Error)
	check(isVarlink && verr.Name == "dk.civic.core.PermissionDenied",
		"a refused call comes back as the error the IDL declares", err)

	receive, err := c.Send(ctx, "dk.civic.applicants.List", nil, varlink.More)
	replies, names := 0, 0
	for err == nil {
		var part struct {
			Applicants []json.RawMessage `json:"applicants"`
		}
		var flags uint64
		flags, err = receive(ctx, &part)
		if err != nil {
			break
		}
		replies++
		names += len(part.Applicants)
		if flags&varlink.Continues == 0 {
			break
		}
	}
	check(err == nil && replies >= 2 && names > 100,
		fmt.Sprintf("a streamed call: %d applicants in %d replies", names, replies), err)

	fmt.Printf("1..%d\n", n)
	if failed > 0 {
		os.Exit(1)
	}
}
