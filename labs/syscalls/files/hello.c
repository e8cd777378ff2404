/* hello: the smallest useful program. printf is a library function; the
 * only system call it needs is write(2), at the very end, and the kernel
 * does the rest.
 *
 *   gcc -o hello hello.c                  dynamically linked (the default)
 *   gcc -static -o hello-static hello.c   libc copied into the executable
 *
 *   strace ./hello
 */
#include <stdio.h>

int main(void)
{
    printf("hello, kernel\n");
    return 0;
}
