/** An example of a mask shipped in its own jar: a frame around the picture. */
package com.example.masks;
