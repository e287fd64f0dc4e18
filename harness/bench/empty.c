/* empty.exe - the floor of the harness's figures (harness/bench/harness-bench.sh):
 * a Windows program that does nothing, so its start is what Wine itself costs. */
int main(void)
{
    return 0;
}
