package org.cruddur.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Something the request names does not exist (or has expired): answered with 404 and a
 * JSON problem body.
 */
public class NotFoundException extends ResponseStatusException {

	public NotFoundException(String detail) {
		super(HttpStatus.NOT_FOUND, detail);
	}

}
