package org.cruddur.users;

import java.util.Map;

/**
 * The people of the seed data. Authentication arrives in a later week of the bootcamp;
 * until then every request acts as {@link #CURRENT_HANDLE}, as backend-flask does.
 */
public final class Users {

	public static final String CURRENT_HANDLE = "andrewbrown";

	private static final Map<String, String> DISPLAY_NAMES = Map.of("andrewbrown", "Andrew Brown", "worf", "Worf",
			"garek", "Garek", "coco", "Coco");

	private Users() {
	}

	/** The display name of a known handle, else the handle itself. */
	public static String displayName(String handle) {
		return DISPLAY_NAMES.getOrDefault(handle, handle);
	}

}
