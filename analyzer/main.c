/* main.c - placeholder until the CLI lands (same session). */
#include <stdio.h>
int main(void) { return 0; }
