/** RFC 7030 section 4: what each EST answer is, all base64 bodies. */
export const EST_MEDIA_TYPES = {
  certsOnly: 'application/pkcs7-mime; smime-type=certs-only',
  csrAttrs: 'application/csrattrs',
} as const;
