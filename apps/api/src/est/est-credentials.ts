/** What a 401 of EST asks for: HTTP Basic, with the enrolment token as the password (RFC 7030 3.2.3). */
export const EST_CHALLENGE = 'Basic realm="certplane EST"';
