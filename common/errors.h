/*
 * errors.h - the one list of civic's error codes.
 *
 * Every failure a caller can see is one of these. Each maps to exactly one
 * varlink error name; the daemon sends the name, the client maps it back
 * and explains it. Add a code here, in the IDL of the interface that can
 * raise it, and in the client's explanations (client/output.c).
 */
#ifndef CIVIC_ERRORS_H
#define CIVIC_ERRORS_H

#define CIVIC_ERROR_LIST(X) \
	X(CIVIC_OK, "") \
	X(CIVIC_E_INTERFACE_NOT_FOUND, \
	    "org.varlink.service.InterfaceNotFound") \
	X(CIVIC_E_METHOD_NOT_FOUND, "org.varlink.service.MethodNotFound") \
	X(CIVIC_E_METHOD_NOT_IMPLEMENTED, \
	    "org.varlink.service.MethodNotImplemented") \
	X(CIVIC_E_INVALID_PARAMETER, "org.varlink.service.InvalidParameter") \
	X(CIVIC_E_EXPECTED_MORE, "org.varlink.service.ExpectedMore") \
	X(CIVIC_E_PROTOCOL, "dk.civic.core.ProtocolError") \
	X(CIVIC_E_TOO_MANY_CONNECTIONS, "dk.civic.core.TooManyConnections") \
	X(CIVIC_E_SHUTTING_DOWN, "dk.civic.core.ShuttingDown") \
	X(CIVIC_E_TOO_MANY_REFUSALS, "dk.civic.core.TooManyRefusals") \
	X(CIVIC_E_PERMISSION_DENIED, "dk.civic.core.PermissionDenied") \
	X(CIVIC_E_AUTHENTICATION_FAILED, "dk.civic.core.AuthenticationFailed") \
	X(CIVIC_E_NOT_FOUND, "dk.civic.core.NotFound") \
	X(CIVIC_E_CONFLICT, "dk.civic.core.Conflict") \
	X(CIVIC_E_INVALID_STATE, "dk.civic.core.InvalidState") \
	X(CIVIC_E_INTERNAL, "dk.civic.core.InternalError") \
	X(CIVIC_E_BUDGET_EXCEEDED, "dk.civic.fund.BudgetExceeded") \
	X(CIVIC_E_CAP_EXCEEDED, "dk.civic.fund.CapExceeded") \
	X(CIVIC_E_CONFLICT_OF_INTEREST, "dk.civic.fund.ConflictOfInterest") \
	X(CIVIC_E_MEETING_FULL, "dk.civic.meetings.Full") \
	X(CIVIC_E_TICKET_INVALID, "dk.civic.meetings.TicketInvalid") \
	X(CIVIC_E_ALREADY_CHECKED_IN, "dk.civic.meetings.AlreadyCheckedIn")

enum civic_err {
#define CIVIC_ERR_ENUM(code, name) code,
	CIVIC_ERROR_LIST(CIVIC_ERR_ENUM)
#undef CIVIC_ERR_ENUM
	    CIVIC_E__COUNT
};

/* The varlink error name of e; "" for CIVIC_OK. Never NULL. */
const char *civic_err_name(enum civic_err e);

#endif
