/** The {@code pixel-privacy} command-line tool: protect images, list the installed masks. */
package dev.pixelprivacy.examples.cli;
